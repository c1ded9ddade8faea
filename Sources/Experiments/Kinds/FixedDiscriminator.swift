import Foundation
import MinimaxEngine
import MinimaxRunner

/// `fixed-discriminator`: the limit case of mode collapse, where only the generator learns.
///
/// If the discriminator stops learning, the generator's loss −E_z[log D(G(z))] is smallest when
/// every sample sits where D is highest: G(z) = x* = argmax D(x) for every z, a point that does
/// not depend on z. The generator's distribution collapses onto that point, and there the
/// gradient ∇ₓ D(x*) = 0, so the generator's gradient vanishes and nothing moves it away again
/// (the limit case of the course; Goodfellow 2016, §5.1.1, explains mode collapse the same way).
///
/// The run has three stages:
/// 1. the generator is fitted to spread its samples like N(0, initial_sd²·I);
/// 2. a discriminator with tanh units (so that its maxima are smooth) is trained to tell the
///    ring's samples from that generator's, then frozen: it is high near the modes and low
///    elsewhere, like a discriminator facing a generator that has not learnt the ring yet;
/// 3. the generator alone is trained against it, and the run measures the spread of its
///    samples, the norm of its gradient, and where the samples end up.
public enum FixedDiscriminatorExperiment: ExperimentKind {
    /// What each parameter means, and the values it accepts: `fields`, below.
    public struct Parameters: Sendable, Equatable {
        public var ring: GaussianRing
        public var initialSD: Double
        public var fitSteps: Int
        public var fitLearningRate: Double
        public var discriminatorHidden: [Int]
        public var discriminatorSteps: Int
        public var discriminatorLearningRate: Double
        public var noiseDimensions: Int
        public var generatorHidden: [Int]
        public var steps: Int
        public var batch: Int
        public var generatorLearningRate: Double
        public var beta1: Double
        public var beta2: Double
        public var evaluationSamples: Int
        public var recordEvery: Int
        public var snapshotEvery: Int
        public var snapshotSamples: Int
        public var arrows: Int
        public var arrowLength: Double
        public var grid: UniformGrid
    }

    public static let name = "fixed-discriminator"

    public static let summary =
        "Trains the generator alone against a fixed discriminator: its samples collapse onto a maximum of D and its gradient vanishes."

    public static let version = 2

    public static let results: [ResultDeclaration] = [
        .scalar("initial_spread", "The spread of the evaluation samples before training: √(mean ‖x − x̄‖²), x̄ their mean.", .chaotic),
        .scalar("final_spread", "The same spread after the last update.", .chaotic),
        .scalar("spread_ratio", "final_spread / initial_spread: how much the samples' distribution shrank.", .chaotic),
        .scalar("initial_gradient_norm", "‖∇θ L_G‖ of the generator's first update, L_G = −mean log D(G(z)).", .chaotic),
        .scalar("final_gradient_norm", "‖∇θ L_G‖ of the generator's last update.", .chaotic),
        .scalar("gradient_ratio", "final_gradient_norm / initial_gradient_norm.", .chaotic),
        .scalar("initial_mean_d", "Mean D(G(z)) over the evaluation samples before training.", .chaotic),
        .scalar("final_mean_d", "Mean D(G(z)) over the evaluation samples after the last update.", .chaotic),
        .scalar("max_d", "The largest D(x) on the grid: how well a single point can fool this discriminator.", .chaotic),
        .scalar("lowest_d_at_modes", "The smallest of D(μₖ) over the ring's mode centres μₖ: the fixed D rates every mode as real when this is high.", .chaotic),
        .scalar("mean_d_on_grid", "The mean of D(x) over the grid points: low when D is high only near the modes.", .chaotic),
        .scalar("collapse_x", "The first coordinate of the point the samples collapsed onto (their mean after the last update).", .chaotic),
        .scalar("collapse_y", "Its second coordinate.", .chaotic),
        .scalar("d_at_collapse", "D at that point.", .chaotic),
        .scalar("collapse_distance", "The distance from that point to the nearest mode of the ring.", .chaotic),
        .scalar("slope_at_collapse", "‖∇ₓ log D(x)‖ at that point: 0 at a maximum of D.", .chaotic),
        .scalar("slope_typical", "The mean ‖∇ₓ log D(x)‖ over the grid points, for scale.", .chaotic),
        .table(
            "collapse", "The generator's samples and gradient over training.",
            columns: [
                "step": "The generator update (0: before training).",
                "spread": "√(mean ‖x − x̄‖²) over the evaluation samples.",
                "gradient_norm": "‖∇θ L_G‖ of this update's batch (at step 0: of the first update's batch, before it is applied).",
                "mean_d": "Mean D(G(z)) over the evaluation samples.",
            ], .chaotic),
        .table(
            "discriminator", "The fixed discriminator on the grid.",
            columns: ["x": "The grid point's first coordinate.", "y": "Its second coordinate.", "d": "D(x), the probability that x is real."], .chaotic),
        .table(
            "initial_samples", "The evaluation samples before training.",
            columns: ["x": "The sample's first coordinate.", "y": "Its second coordinate."], .chaotic),
        .table(
            "final_samples", "The evaluation samples after the last update.",
            columns: ["x": "The sample's first coordinate.", "y": "Its second coordinate."], .chaotic),
        .table(
            "snapshots", "The first snapshot_samples evaluation samples at every snapshot.",
            columns: ["step": "The generator update (0: before training).", "x": "The sample's first coordinate.", "y": "Its second coordinate."], .chaotic),
        .table(
            "arrows", "The generator's gradient at the first `arrows` samples of each snapshot.",
            columns: [
                "step": "The generator update (0: before training).", "x": "The sample's first coordinate.", "y": "Its second coordinate.",
                "dx": "−∂L_G/∂x, on one scale for every snapshot: the longest arrow of the whole training is arrow_length long.",
                "dy": "−∂L_G/∂y, on the same scale.",
            ], .chaotic),
        .table(
            "mode_centres", "The centres μₖ of the ring's modes, to mark them on the figures.",
            columns: ["x": "The centre's first coordinate.", "y": "Its second coordinate."]),
        .scalar("outside_grid", "Snapshot samples outside the grid's square, on the blank background of the figures over D.", .chaotic),
    ]

    public static func run(_ parameters: Parameters, context: ExperimentContext) throws -> ExperimentResult {
        var random = RandomSource(seed: context.seed)
        var discriminatorInitialisation = random.split()
        var generatorInitialisation = random.split()
        var data = random.split()
        var fitNoise = random.split()
        var noise = random.split()
        var evaluation = random.split()

        let total = parameters.fitSteps + parameters.discriminatorSteps + parameters.steps
        let generator = try Sequential<Float>(
            perceptron: [parameters.noiseDimensions] + parameters.generatorHidden + [2], activation: .leakyReLU(slope: 0.2),
            random: &generatorInitialisation)
        try fitGenerator(generator, parameters, noise: &fitNoise) { step, loss in
            context.progress(step, total, [("fit_loss", loss)])
        }
        let discriminator = try Sequential<Float>(
            perceptron: [2] + parameters.discriminatorHidden + [1], activation: .tanh, random: &discriminatorInitialisation)
        try trainDiscriminator(discriminator, against: generator, parameters, data: &data, noise: &fitNoise) { step, loss in
            context.progress(parameters.fitSteps + step, total, [("d_loss", loss)])
        }
        let evaluationNoise = Tensor<Float>.normal([parameters.evaluationSamples, parameters.noiseDimensions], using: &evaluation)
        let alone = try trainAlone(generator, against: discriminator, parameters, noise: &noise, evaluationNoise: evaluationNoise) {
            step, loss in context.progress(parameters.fitSteps + parameters.discriminatorSteps + step, total, [("g_loss", loss)])
        }
        return result(of: alone, discriminator: discriminator, parameters)
    }

    /// What training the generator alone recorded.
    struct AloneRun {
        var collapse = DataTable(columns: ["step", "spread", "gradient_norm", "mean_d"])
        var snapshots = DataTable(columns: ["step", "x", "y"])
        var arrows = DataTable(columns: ["step", "x", "y", "dx", "dy"])
        var initialSamples: Tensor<Float> = .zeros([0, 2])
        var finalSamples: Tensor<Float> = .zeros([0, 2])
        /// ‖∇θ L_G‖ of every update.
        var gradientNorms: [Double] = []
    }

    /// Trains the generator alone against the frozen discriminator, recording the evaluation
    /// samples every `record_every` updates and a snapshot every `snapshot_every`, from step 0.
    static func trainAlone(
        _ generator: Sequential<Float>, against discriminator: Sequential<Float>, _ parameters: Parameters,
        noise: inout RandomSource, evaluationNoise: Tensor<Float>, progress: (Int, Double) -> Void
    ) throws -> AloneRun {
        let optimizer = try Adam(
            parameters: generator.parameters, learningRate: parameters.generatorLearningRate, beta1: parameters.beta1, beta2: parameters.beta2)
        var run = AloneRun()

        func evaluate(_ step: Int, gradientNorm: Double) {
            let samples = withoutGradients { generator(evaluationNoise) }
            let meanD = withoutGradients { discriminator(samples).sigmoid().mean().scalar }
            run.collapse.rows.append([Double(step), spread(samples), gradientNorm, Double(meanD)])
            if step == 0 { run.initialSamples = samples }
            if step == parameters.steps { run.finalSamples = samples }
        }
        func snapshot(_ step: Int) {
            let shown = withoutGradients { generator(evaluationNoise.rows(0..<parameters.snapshotSamples)) }
            for row in shown.rows { run.snapshots.rows.append([Double(step), Double(row[0]), Double(row[1])]) }
            let pushed = shown.rows(0..<parameters.arrows)
            // True lengths: scaled once the whole training is known, all by one factor.
            let directions = ModeCollapseExperiment.generatorDirections(.gan, discriminator, at: pushed, length: nil)
            for (point, direction) in zip(pushed.rows, directions) {
                run.arrows.rows.append([Double(step), Double(point[0]), Double(point[1]), direction.dx, direction.dy])
            }
        }

        snapshot(0)
        let progressEvery = max(1, parameters.steps / 100)
        for step in 1...parameters.steps {
            let fake = generator(Tensor.normal([parameters.batch, parameters.noiseDimensions], using: &noise))
            let loss = nonSaturatingGeneratorLoss(fakeLogits: discriminator(fake))
            // Only the generator's parameters are updated: D stays as it was trained.
            let gradients = loss.gradients(withRespectTo: generator.parameters)
            let norm = gradientNorm(gradients)
            guard norm.isFinite, loss.scalar.isFinite else {
                throw ExperimentError.diverged(step: step, detail: "the generator's loss became \(loss.scalar)")
            }
            // Step 0's row reports the first batch's gradient, before any update.
            if step == 1 { evaluate(0, gradientNorm: norm) }
            optimizer.update(gradients: gradients)
            run.gradientNorms.append(norm)
            if step % parameters.recordEvery == 0 { evaluate(step, gradientNorm: norm) }
            if step % parameters.snapshotEvery == 0 { snapshot(step) }
            if step % progressEvery == 0 || step == parameters.steps { progress(step, Double(loss.scalar)) }
        }
        return run
    }

    /// The scalars and tables: how far the samples shrank, where they went, and what the frozen
    /// D looks like there and elsewhere.
    static func result(of run: AloneRun, discriminator: Sequential<Float>, _ parameters: Parameters) -> ExperimentResult {
        func outputs(_ points: [(x: Double, y: Double)]) -> [Double] {
            ModeCollapseExperiment.discriminatorOutputs(.gan, discriminator, at: points.map { ($0.x, $0.y) }, packing: 1)
        }
        func distance(_ a: (x: Double, y: Double), _ b: (x: Double, y: Double)) -> Double {
            ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot()
        }
        let mean = run.finalSamples.mean(alongAxis: 0).scalars
        let center = (x: Double(mean[0]), y: Double(mean[1]))
        let grid = parameters.grid.values
        let gridPoints = grid.flatMap { y in grid.map { x in (x: x, y: y) } }
        let gridD = outputs(gridPoints)
        let modeD = outputs(parameters.ring.centers)
        let slopes = logDiscriminatorSlopes(discriminator, at: gridPoints)
        let centerSlope = logDiscriminatorSlopes(discriminator, at: [center])[0]

        // Adam's steps make single updates' gradients jitter: compare tenths of the training.
        let tenth = max(1, run.gradientNorms.count / 10)
        let initialGradientNorm = MinimaxExperiments.mean(Array(run.gradientNorms.prefix(tenth)))
        let finalGradientNorm = MinimaxExperiments.mean(Array(run.gradientNorms.suffix(tenth)))
        let spreads = run.collapse.column("spread")!
        let meanDs = run.collapse.column("mean_d")!
        func table(_ samples: Tensor<Float>) -> DataTable {
            DataTable(columns: ["x", "y"], rows: samples.rows.map { [Double($0[0]), Double($0[1])] })
        }
        // One scale for every snapshot's arrows, so that they shrink as the gradient does.
        var arrows = run.arrows
        let longest = arrows.rows.map { ($0[3] * $0[3] + $0[4] * $0[4]).squareRoot() }.max() ?? 0
        if longest > 0 {
            let scale = parameters.arrowLength / longest
            arrows.rows = arrows.rows.map { [$0[0], $0[1], $0[2], $0[3] * scale, $0[4] * scale] }
        }
        let window = parameters.grid.from...parameters.grid.to
        let outside = run.snapshots.rows.filter { !window.contains($0[1]) || !window.contains($0[2]) }.count
        return ExperimentResult(
            scalars: [
                "initial_spread": spreads.first!, "final_spread": spreads.last!, "spread_ratio": spreads.last! / spreads.first!,
                "initial_gradient_norm": initialGradientNorm, "final_gradient_norm": finalGradientNorm,
                "gradient_ratio": finalGradientNorm / initialGradientNorm,
                "initial_mean_d": meanDs.first!, "final_mean_d": meanDs.last!, "max_d": gridD.max()!,
                "lowest_d_at_modes": modeD.min()!, "mean_d_on_grid": MinimaxExperiments.mean(gridD),
                "collapse_x": center.x, "collapse_y": center.y, "d_at_collapse": outputs([center])[0],
                "collapse_distance": parameters.ring.centers.map { distance($0, center) }.min()!,
                "slope_at_collapse": centerSlope, "slope_typical": MinimaxExperiments.mean(slopes),
                "outside_grid": Double(outside),
            ],
            tables: [
                "collapse": run.collapse,
                "discriminator": DataTable(columns: ["x", "y", "d"], rows: zip(gridPoints, gridD).map { [$0.x, $0.y, $1] }),
                "initial_samples": table(run.initialSamples),
                "final_samples": table(run.finalSamples),
                "snapshots": run.snapshots,
                "arrows": arrows,
                "mode_centres": DataTable(columns: ["x", "y"], rows: parameters.ring.centers.map { [$0.x, $0.y] }),
            ])
    }

    /// Makes the generator spread its samples before the game: Adam on the squared error between
    /// G(z) and initial_sd·(z₁, z₂), so that G's samples follow N(0, initial_sd²·I).
    static func fitGenerator(
        _ generator: Sequential<Float>, _ parameters: Parameters, noise: inout RandomSource, progress: (Int, Double) -> Void
    ) throws {
        let optimizer = try Adam(parameters: generator.parameters, learningRate: parameters.fitLearningRate)
        try reportingDivergence({ "the generator's fit to N(0, initial_sd²·I) became \($0)" }) { () throws(Divergence) in
            try fit(steps: parameters.fitSteps, optimizer: optimizer, progress: progress) { _ in
                let z = Tensor<Float>.normal([parameters.batch, parameters.noiseDimensions], using: &noise)
                let target = z.slice(alongAxis: 1, 0..<2) * Float(parameters.initialSD)
                return (generator(z) - target).square().mean()
            }
        }
    }

    /// Trains D by Adam to tell the ring (label 1) from the generator's samples (label 0), with
    /// the generator left as it is.
    static func trainDiscriminator(
        _ discriminator: Sequential<Float>, against generator: Sequential<Float>, _ parameters: Parameters,
        data: inout RandomSource, noise: inout RandomSource, progress: (Int, Double) -> Void
    ) throws {
        let optimizer = try Adam(parameters: discriminator.parameters, learningRate: parameters.discriminatorLearningRate)
        try reportingDivergence({ "the fixed discriminator's loss became \($0) while it was trained" }) { () throws(Divergence) in
            try fit(steps: parameters.discriminatorSteps, optimizer: optimizer, progress: progress) { _ in
                let real = parameters.ring.sample(parameters.batch, random: &data)
                let fake = withoutGradients { generator(Tensor.normal([parameters.batch, parameters.noiseDimensions], using: &noise)) }
                return discriminatorLoss(realLogits: discriminator(real), fakeLogits: discriminator(fake))
            }
        }
    }

    /// ‖∇ₓ log D(x)‖ at each point.
    static func logDiscriminatorSlopes(_ discriminator: Sequential<Float>, at points: [(x: Double, y: Double)]) -> [Double] {
        let x = Tensor<Float>(shape: [points.count, 2], scalars: points.flatMap { [Float($0.x), Float($0.y)] }).requiringGradient()
        let gradient = discriminator(x).logSigmoid().sum().gradients(withRespectTo: [x])[0]
        return gradient.rows.map { (Double($0[0]) * Double($0[0]) + Double($0[1]) * Double($0[1])).squareRoot() }
    }
}

extension FixedDiscriminatorExperiment.Parameters: ParameterGroup {
    public static let defaults = Self(
        ring: .defaults, initialSD: 2, fitSteps: 500, fitLearningRate: 3e-3, discriminatorHidden: [32, 32], discriminatorSteps: 1000, discriminatorLearningRate: 3e-3,
        noiseDimensions: 8, generatorHidden: [64, 64], steps: 2000, batch: 256, generatorLearningRate: 1e-3, beta1: 0.9, beta2: 0.99,
        evaluationSamples: 1000, recordEvery: 10, snapshotEvery: 100, snapshotSamples: 200, arrows: 48, arrowLength: 0.3,
        grid: UniformGrid(from: -3, to: 3, points: 61))

    public static let fields: [Field<Self>] = [
        Field("ring", \.ring, help: "The data the fixed discriminator was trained on: {modes, radius, sd} of the ring of Gaussians."),
        Field(
            "initial_sd", \.initialSD, help: "Before the game the generator learns to output N(0, initial_sd²·I): how spread out it starts.",
            .within(0.01...100)),
        Field("fit_steps", \.fitSteps, help: "Adam updates that fit the generator to N(0, initial_sd²·I).", .within(1...100_000)),
        Field("fit_learning_rate", \.fitLearningRate, help: "Adam's learning rate for that fit.", .positive(atMost: 1)),
        Field(
            "discriminator_hidden", \.discriminatorHidden, help: "The widths of the fixed discriminator's hidden layers (tanh, so that its maxima are smooth).",
            .each(within: 1...512, count: 1...6)),
        Field("discriminator_steps", \.discriminatorSteps, help: "Adam updates that train the discriminator before it is fixed.", .within(1...100_000)),
        Field("discriminator_learning_rate", \.discriminatorLearningRate, help: "Adam's learning rate while D is trained.", .positive(atMost: 1)),
        Field(
            "noise_dimensions", \.noiseDimensions, help: "The dimension of the generator's Gaussian noise z (at least 2: G starts as a map of its first two).",
            .within(2...256)),
        Field(
            "generator_hidden", \.generatorHidden, help: "The widths of the generator's hidden layers (LeakyReLU 0.2), from z to a 2-D sample.",
            .each(within: 1...512, count: 0...6)),
        Field("steps", \.steps, help: "Updates of the generator alone.", .within(1...100_000)),
        Field("batch", \.batch, help: "Samples per update, for D's training and G's.", .within(1...4096)),
        Field("generator_learning_rate", \.generatorLearningRate, help: "Adam's learning rate for the generator alone.", .positive(atMost: 1)),
        Field("beta1", \.beta1, help: "Adam's β₁ for the generator alone.", .within(0...0.999)),
        Field("beta2", \.beta2, help: "Adam's β₂ for the generator alone.", .within(0...0.9999)),
        Field("evaluation_samples", \.evaluationSamples, help: "Samples (from fixed noise) whose spread is measured.", .within(2...100_000)),
        Field("record_every", \.recordEvery, help: "Generator updates between rows of the collapse table (from step 0).", .within(1...100_000)),
        Field("snapshot_every", \.snapshotEvery, help: "Generator updates between snapshots of samples and arrows (from step 0).", .within(1...100_000)),
        Field("snapshot_samples", \.snapshotSamples, help: "Samples kept per snapshot (the first of the evaluation samples).", .within(1...10_000)),
        Field("arrows", \.arrows, help: "Samples per snapshot, among the first snapshot samples, at which the generator's gradient is kept.", .within(1...10_000)),
        Field("arrow_length", \.arrowLength, help: "The length of each snapshot's longest arrow, in data units.", .positive(atMost: 100)),
        Field(
            "grid", \.grid, help: "Where the discriminator is tabulated, along x and along y alike: {from, to, points}.",
            .init("of at most 201 points") { $0.points <= 201 }),
    ]

    public static func check(_ parameters: Self, at path: String) throws(ParameterError) {
        try checkSnapshots(
            steps: parameters.steps, recordEvery: parameters.recordEvery, snapshotEvery: parameters.snapshotEvery,
            snapshotSamples: parameters.snapshotSamples, evaluationSamples: parameters.evaluationSamples, arrows: parameters.arrows)
        // Keep the snapshot tables within memory.
        let rows = (parameters.steps / parameters.snapshotEvery + 1) * (parameters.snapshotSamples + parameters.arrows)
        guard rows <= 1_000_000 else {
            throw .invalid(
                "snapshot_every",
                message: "leaves \(rows) rows of snapshots (snapshots × (snapshot_samples + arrows)), more than 1000000; snapshot less often or keep fewer samples")
        }
    }
}
