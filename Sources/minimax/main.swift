import MinimaxCommands
import MinimaxEngine
import MinimaxRunner

KernelSelection.useFastestKernels()
// An interrupt stops gnuplot and removes half-written reports before exiting.
Interrupts.installHandlers()
MinimaxCommand.main()
