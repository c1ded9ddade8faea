import MinimaxRunner

/// The experiment kinds the course's lessons call, in the order the lessons introduce them.
public enum CourseExperiments {
    /// Every kind: lesson 1 trains D against a fixed G (Goodfellow et al. 2014, Prop. 1), then
    /// looks at what V(G, D*) = 2·JSD − log 4 says about G (Thm. 1); the image chapters show the
    /// Fashion-MNIST data their generators imitate. Lesson 2 compares the JSD with the Wasserstein
    /// distance as the generator moves away (Arjovsky et al. 2017); lesson 3 shows how the minimax
    /// cost saturates and the non-saturating one does not (Goodfellow et al. 2014, §3; Arjovsky &
    /// Bottou 2017); lesson 4 shows mode collapse on a ring of Gaussians and two remedies, then its
    /// limit case, a generator trained against a fixed D; lesson 5 smooths the discriminator's
    /// targets (Salimans et al. 2016, §3.4).
    /// Lessons 2 and 3 end with an exercise: the GAN's and WGAN's losses and gradients on one
    /// batch, for students to recompute in their own language.
    public static let kinds: [any ExperimentKind.Type] = [
        OptimalDiscriminatorExperiment.self,
        GeneratorValueExperiment.self,
        FashionMNISTSamplesExperiment.self,
        ShiftedGaussianDivergencesExperiment.self,
        DiscriminatorAndCriticExperiment.self,
        ParallelLinesExperiment.self,
        GeneratorCostsExperiment.self,
        SaturatingGradientsExperiment.self,
        ModeCollapseExperiment.self,
        FixedDiscriminatorExperiment.self,
        LabelSmoothingExperiment.self,
        LabelSmoothingGANExperiment.self,
        GANGradientsExperiment.self,
    ]

    /// The kinds whose cells define an exercise (`minimax export`, `minimax compare`).
    public static let exercises: [ExerciseBuilder] = [ExerciseBuilder(GANGradientsExperiment.self)]
}
