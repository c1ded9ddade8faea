// `make bench`: how fast this machine trains the benchmark GANs, against its own sgemm.
//
// One step is the PyTorch DCGAN tutorial's: fake = G(z); D update on BCE(D(real), 1) +
// BCE(D(fake.detach()), 0); G update on the non-saturating BCE(D(fake), 1) through the updated
// D; Adam(lr 2e-4, β = (0.5, 0.999)) for both.
//
// The run first measures sgemm on a large square product, then each workload at 1 and 2 threads
// and, for those with a scaling row, at batches 16 to 512: steps/s, the matrix-product GFLOP/s
// that makes, and that as a fraction of sgemm's. Each measurement runs in its own process, so the
// peak resident memory is the workload's own. A benchmark reports; it exits 0 whatever it finds.
//
// Usage: minimax-bench [workload ...]   (default: all)
import Foundation
import MinimaxEngine

KernelSelection.useFastestKernels()

// MARK: The workloads. Adding one is one entry in `workloads`.

/// One benchmark: a name, a batch, and how to build one training step at a given batch.
struct Workload {
    var name: String
    var batch: Int
    /// Batches for the scaling row (empty: no row); it shows where per-op overhead dominates.
    var scalingBatches: [Int] = []
    /// A training step at `batch` and the matrix-product FLOPs it needs.
    var build: (_ batch: Int) throws -> (step: () -> Void, flops: Double)
}

let workloads = [
    Workload(name: "toy", batch: 256, build: perceptronGAN(generator: [2, 64, 64, 2], discriminator: [2, 64, 64, 1], real: ring)),
    Workload(
        name: "mlp", batch: 64, scalingBatches: [16, 32, 64, 128, 256, 512],
        build: perceptronGAN(generator: [64, 256, 256, 784], discriminator: [784, 256, 256, 1], output: .tanh, real: images)),
    Workload(name: "dcgan", batch: 64, scalingBatches: [16, 32, 64, 128, 256, 512], build: dcgan),
]

/// The 8-Gaussian ring: modes on the circle of radius 2, standard deviation 0.02.
func ring(_ random: inout RandomSource, _ batch: Int) -> Tensor<Float> {
    var values: [Float] = []
    for _ in 0..<batch {
        let angle = Double(random.index(below: 8)) * Double.pi / 4
        values.append(Float(2 * cos(angle)) + 0.02 * random.normal(Float.self))
        values.append(Float(2 * sin(angle)) + 0.02 * random.normal(Float.self))
    }
    return Tensor(shape: [batch, 2], scalars: values)
}

/// Stand-in images in [−1, 1] (the benchmark measures the arithmetic, not the data).
func images(_ random: inout RandomSource, _ batch: Int) -> Tensor<Float> {
    Tensor.uniform([batch, 784], in: -1..<1, using: &random)
}

/// The PyTorch DCGAN tutorial's game for two networks: Adam(2e-4, β = (0.5, 0.999)) for both and
/// the non-saturating generator loss.
func tutorialTrainer(_ generator: Sequential<Float>, _ discriminator: Sequential<Float>) throws -> GANTrainer<Float> {
    try GANTrainer(
        generator: generator, discriminator: discriminator,
        generatorOptimizer: Adam(parameters: generator.parameters, learningRate: 2e-4, beta1: 0.5),
        discriminatorOptimizer: Adam(parameters: discriminator.parameters, learningRate: 2e-4, beta1: 0.5),
        objective: .crossEntropy(generator: .nonSaturating))
}

/// A GAN of two perceptrons (LeakyReLU 0.2 between layers) trained by `GANTrainer`.
///
/// FLOPs per step, counting the products the step needs, with F(net) = Σ 2·batch·in·out over its
/// layers and F₁ its first layer's: G forward F(G); D's update on real and fake, forward 2F(D),
/// weight gradients 2F(D), input gradients below the first layer 2(F(D) − F₁(D)); G's update,
/// D forward F(D), input gradients through D F(D), G's weight gradients F(G) and input gradients
/// F(G) − F₁(G). In all 8F(D) − 2F₁(D) + 3F(G) − F₁(G).
func perceptronGAN(
    generator generatorSizes: [Int], discriminator discriminatorSizes: [Int], output: Activation<Float>.Function? = nil,
    real: @escaping (inout RandomSource, Int) -> Tensor<Float>
) -> (Int) throws -> (step: () -> Void, flops: Double) {
    { batch in
        var random = RandomSource(seed: 1)
        let generator = try Sequential<Float>(
            perceptron: generatorSizes, activation: .leakyReLU(slope: 0.2), output: output, random: &random)
        let discriminator = try Sequential<Float>(
            perceptron: discriminatorSizes, activation: .leakyReLU(slope: 0.2), random: &random)
        let trainer = try tutorialTrainer(generator, discriminator)
        var data = random.split()
        var noise = random.split()
        let latent = generatorSizes[0]
        func forward(_ sizes: [Int]) -> (all: Double, first: Double) {
            let layers = zip(sizes, sizes.dropFirst()).map { 2 * Double(batch) * Double($0 * $1) }
            return (layers.reduce(0, +), layers[0])
        }
        let (g, d) = (forward(generatorSizes), forward(discriminatorSizes))
        let flops = 8 * d.all - 2 * d.first + 3 * g.all - g.first
        let step = {
            _ = trainer.step(
                real: { real(&data, batch) }, noise: { Tensor.normal([batch, latent], using: &noise) }, random: &random)
        }
        return (step, flops)
    }
}

/// The DCGAN of issue 13 for 28×28 images: G z(64) → Linear(64, 128·7·7, no bias) → BatchNorm →
/// ReLU → ConvT(128→64, k4 s2 p1, no bias) → BatchNorm → ReLU → ConvT(64→1, k4 s2 p1) → tanh;
/// D Conv(1→64, k4 s2 p1) → LeakyReLU 0.2 → Conv(64→128, k4 s2 p1, no bias) → BatchNorm →
/// LeakyReLU 0.2 → Flatten → Linear(6272 → 1). Both initialised as DCGAN does.
///
/// FLOPs per step as for the perceptrons, 8F(D) − 2F₁(D) + 3F(G) − F₁(G), with a layer's forward
/// F = 2·batch·(output elements per example)·(inputs each one reads): 2·b·in·out for a linear
/// layer, 2·b·C_out·H_out·W_out·C_in·k² for a convolution, 2·b·C_in·H_in·W_in·C_out·k² for a
/// transposed one. Batch normalisation and activations are not counted.
func dcgan(_ batch: Int) throws -> (step: () -> Void, flops: Double) {
    var random = RandomSource(seed: 1)
    let generator = Sequential<Float>([
        try Linear(inputSize: 64, outputSize: 128 * 7 * 7, bias: false, random: &random),
        try BatchNorm(features: 128 * 7 * 7, input: .vectors), Activation(.relu), try Reshape([128, 7, 7]),
        try ConvTranspose2d(inputChannels: 128, outputChannels: 64, kernelSize: 4, stride: 2, padding: 1, bias: false, random: &random),
        try BatchNorm(features: 64, input: .images), Activation(.relu),
        try ConvTranspose2d(inputChannels: 64, outputChannels: 1, kernelSize: 4, stride: 2, padding: 1, random: &random),
        Activation(.tanh),
    ])
    let discriminator = Sequential<Float>([
        try Conv2d(inputChannels: 1, outputChannels: 64, kernelSize: 4, stride: 2, padding: 1, random: &random),
        Activation(.leakyReLU(slope: 0.2)),
        try Conv2d(inputChannels: 64, outputChannels: 128, kernelSize: 4, stride: 2, padding: 1, bias: false, random: &random),
        try BatchNorm(features: 128, input: .images), Activation(.leakyReLU(slope: 0.2)), Flatten(),
        try Linear(inputSize: 128 * 7 * 7, outputSize: 1, random: &random),
    ])
    generator.initializeAsDCGAN(random: &random)
    discriminator.initializeAsDCGAN(random: &random)
    let trainer = try tutorialTrainer(generator, discriminator)
    var data = random.split()
    var noise = random.split()
    let b = Double(batch)
    let g = [2 * b * 64 * 6272, 2 * b * 128 * 49 * 64 * 16, 2 * b * 64 * 196 * 1 * 16]
    let d = [2 * b * 64 * 196 * 1 * 16, 2 * b * 128 * 49 * 64 * 16, 2 * b * 6272]
    let flops = 8 * d.reduce(0, +) - 2 * d[0] + 3 * g.reduce(0, +) - g[0]
    let step = {
        _ = trainer.step(
            real: { Tensor.uniform([batch, 1, 28, 28], in: -1..<1, using: &data) },
            noise: { Tensor.normal([batch, 64], using: &noise) }, random: &random)
    }
    return (step, flops)
}

// MARK: Measuring, in a child process per measurement.

/// Resident memory now and at its peak, in MiB, from /proc/self/status.
func memory() -> (current: Double, peak: Double) {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    func field(_ name: String) -> Double {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }) else { return .nan }
        return (Double(line.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? .nan) / 1024
    }
    return (field("VmRSS:"), field("VmHWM:"))
}

func seconds(_ work: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    work()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// What one measurement found.
struct Measurement {
    var rate: Double
    var flops: Double
    var peak: Double
    var growth: [Double]

    var line: String { ([rate, flops, peak] + growth).map { String($0) }.joined(separator: " ") }

    init(rate: Double, flops: Double, peak: Double, growth: [Double]) {
        (self.rate, self.flops, self.peak, self.growth) = (rate, flops, peak, growth)
    }

    init?(line: String) {
        let numbers = line.split(separator: " ").compactMap { Double($0) }
        guard numbers.count >= 4 else { return nil }
        self.init(rate: numbers[0], flops: numbers[1], peak: numbers[2], growth: Array(numbers[3...]))
    }
}

let roundSeconds = 0.5, rounds = 4

/// Warms up, then times `rounds` rounds of about `roundSeconds` each: the median rate, the peak
/// resident memory, and how much resident memory grew over each round after the first.
func measure(_ workload: Workload, batch: Int, threads: Int) throws -> Measurement {
    BLAS.setThreadCount(threads)
    let (step, flops) = try workload.build(batch)
    // Warm up for 20 steps and 0.2 s at least; the rate seen there sizes the rounds.
    var warmUp = 0
    let start = DispatchTime.now().uptimeNanoseconds
    var elapsed = 0.0
    while warmUp < 20 || elapsed < 0.2 {
        step()
        warmUp += 1
        elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
    let steps = max(3, Int(roundSeconds / (elapsed / Double(warmUp))))
    var rates: [Double] = []
    var resident = [memory().current]
    for _ in 0..<rounds {
        rates.append(Double(steps) / seconds { for _ in 0..<steps { step() } })
        resident.append(memory().current)
    }
    let growth = zip(resident.dropFirst(), resident).map { $0 - $1 }
    return Measurement(rate: rates.sorted()[rounds / 2], flops: flops, peak: memory().peak, growth: Array(growth.dropFirst()))
}

/// Runs one measurement in a fresh process (this program with `--measure`).
func measureInChild(_ workload: Workload, batch: Int, threads: Int) throws -> Measurement {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
    process.arguments = ["--measure", workload.name, String(batch), String(threads)]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0, let measurement = Measurement(line: String(decoding: data, as: UTF8.self)) else {
        throw BenchmarkError(message: "measuring \(workload.name) at batch \(batch), \(threads) threads failed")
    }
    return measurement
}

struct BenchmarkError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// sgemm's GFLOP/s on an n × n product: the best of three after one warm-up.
func sgemmRate(n: Int, threads: Int) -> Double {
    BLAS.setThreadCount(threads)
    var random = RandomSource(seed: 2)
    let a = Tensor<Float>.normal([n, n], using: &random), b = Tensor<Float>.normal([n, n], using: &random)
    _ = matmul(a, b)
    let best = (0..<3).map { _ in seconds { _ = matmul(a, b) } }.min()!
    return 2 * Double(n * n * n) / best / 1e9
}

// MARK: The report.

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "--measure", arguments.count == 4, let workload = workloads.first(where: { $0.name == arguments[1] }),
    let batch = Int(arguments[2]), let threads = Int(arguments[3])
{
    print(try measure(workload, batch: batch, threads: threads).line)
    exit(0)
}

let selected = arguments.filter { !$0.hasPrefix("-") }
let threadCounts = [1, 2]
print("minimax-bench: \(KernelSelection.summary)")
print(String(format: "kernel check at start: %.1f ms of processor time", (KernelSelection.checkSeconds ?? .nan) * 1000))
let sgemmSize = 2048
let sgemm = threadCounts.map { sgemmRate(n: sgemmSize, threads: $0) }
print(
    "sgemm \(sgemmSize)×\(sgemmSize): "
        + zip(threadCounts, sgemm).map { String(format: "%.1f GFLOP/s at %d thread%@", $1, $0, $0 == 1 ? "" : "s") }
        .joined(separator: ", "))
print("")

func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
    let space = String(repeating: " ", count: max(0, width - text.count))
    return left ? text + space : space + text
}

let header = [
    pad("workload", 10, left: true), pad("batch", 6), pad("threads", 8), pad("steps/s", 10), pad("GFLOP/s", 9),
    pad("of sgemm", 9), pad("peak MiB", 9), "  MiB growth per round",
].joined()
print(header)
print(String(repeating: "-", count: header.count))

func row(_ label: String, _ batch: Int, _ threads: Int, _ m: Measurement) -> String {
    let gflops = m.rate * m.flops / 1e9
    let fraction = gflops / sgemm[threadCounts.firstIndex(of: threads)!]
    return [
        pad(label, 10, left: true), pad(String(batch), 6), pad(String(threads), 8), pad(String(format: "%.1f", m.rate), 10),
        pad(String(format: "%.1f", gflops), 9), pad(String(format: "%.0f%%", 100 * fraction), 9),
        pad(String(format: "%.1f", m.peak), 9), "  " + m.growth.map { String(format: "%+.2f", $0) }.joined(separator: " "),
    ].joined()
}

for workload in workloads where selected.isEmpty || selected.contains(workload.name) {
    for threads in threadCounts {
        print(row(workload.name, workload.batch, threads, try measureInChild(workload, batch: workload.batch, threads: threads)))
    }
}
for workload in workloads where !workload.scalingBatches.isEmpty && (selected.isEmpty || selected.contains(workload.name)) {
    print("")
    print("\(workload.name) by batch, 1 thread (small batches: per-operation overhead; large: the products)")
    for batch in workload.scalingBatches {
        print(row(workload.name, batch, 1, try measureInChild(workload, batch: batch, threads: 1)))
    }
}
exit(0)
