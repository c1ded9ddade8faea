import MinimaxCommands
import MinimaxEngine

KernelSelection.useFastestKernels()
MinimaxCommand.main()
