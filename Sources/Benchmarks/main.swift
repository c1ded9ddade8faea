// `make bench`: training steps per second and peak memory for two fixed GAN workloads.
//
// One step is the PyTorch DCGAN tutorial's: fake = G(z); D update on BCE(D(real), 1) +
// BCE(D(fake.detach()), 0); G update on the non-saturating BCE(D(fake), 1) through the updated
// D; Adam(lr 2e-4, β = (0.5, 0.999)) for both. Targets (one thread): toy ≥ 2,200 steps/s,
// mlp ≥ 250 steps/s, and no memory growth from step to step.
import Foundation
import MinimaxEngine

KernelSelection.useFastestKernels()

/// Resident memory now and at its peak, in MiB, from /proc/self/status.
func memory() -> (current: Double, peak: Double) {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    func field(_ name: String) -> Double {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name) }) else { return .nan }
        return (Double(line.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? .nan) / 1024
    }
    return (field("VmRSS:"), field("VmHWM:"))
}

struct Workload {
    var name: String
    var generatorSizes: [Int]
    var discriminatorSizes: [Int]
    var generatorOutput: Activation<Float>.Function?
    var batch: Int
    var steps: Int
    var target: Double
    var real: (inout RandomSource, Int) -> Tensor<Float>
}

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

let workloads = [
    Workload(
        name: "toy", generatorSizes: [2, 64, 64, 2], discriminatorSizes: [2, 64, 64, 1], generatorOutput: nil,
        batch: 256, steps: 3000, target: 2200, real: ring),
    Workload(
        name: "mlp", generatorSizes: [64, 256, 256, 784], discriminatorSizes: [784, 256, 256, 1], generatorOutput: .tanh,
        batch: 64, steps: 600, target: 250, real: images),
]

/// Trains one workload; returns the median steps per second of three rounds, peak resident MiB,
/// and how much resident memory grew over the last round.
func measure(_ workload: Workload) throws -> (rate: Double, peak: Double, growth: Double) {
    var random = RandomSource(seed: 1)
    let generator = try Sequential<Float>(
        perceptron: workload.generatorSizes, activation: .leakyReLU(slope: 0.2), output: workload.generatorOutput,
        random: &random)
    let discriminator = try Sequential<Float>(
        perceptron: workload.discriminatorSizes, activation: .leakyReLU(slope: 0.2), random: &random)
    let trainer = try GANTrainer(
        generator: generator, discriminator: discriminator,
        generatorOptimizer: Adam(parameters: generator.parameters, learningRate: 2e-4, beta1: 0.5),
        discriminatorOptimizer: Adam(parameters: discriminator.parameters, learningRate: 2e-4, beta1: 0.5),
        objective: .crossEntropy(generator: .nonSaturating))
    var data = random.split()
    var noise = random.split()
    let latent = workload.generatorSizes[0]
    func step() {
        _ = trainer.step(
            real: { workload.real(&data, workload.batch) },
            noise: { Tensor.normal([workload.batch, latent], using: &noise) }, random: &random)
    }
    for _ in 0..<workload.steps / 10 { step() }  // warm up
    // Three timed rounds; the median resists a moment of noise on a shared machine.
    var rates: [Double] = []
    var growth = 0.0
    for _ in 0..<3 {
        let start = Date()
        let before = memory().current
        for _ in 0..<workload.steps / 3 { step() }
        rates.append(Double(workload.steps / 3) / Date().timeIntervalSince(start))
        growth = memory().current - before
    }
    return (rates.sorted()[1], memory().peak, growth)
}

let selected = CommandLine.arguments.dropFirst().filter { !$0.hasPrefix("-") }
print("minimax-bench: \(KernelSelection.summary)")
print("workload   steps/s   target   peak MiB   MiB growth (last round)")
var allMet = true
for workload in workloads where selected.isEmpty || selected.contains(workload.name) {
    let (rate, peak, growth) = try measure(workload)
    let met = rate >= workload.target
    allMet = allMet && met
    print(
        workload.name.padding(toLength: 8, withPad: " ", startingAt: 0)
            + String(format: "%9.0f  %7.0f  %9.1f   %+.2f", rate, workload.target, peak, growth)
            + (met ? "" : "   below target"))
}
exit(allMet ? 0 : 1)
