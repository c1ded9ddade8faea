import MinimaxRunner

/// The experiment kinds the course's lessons call, in the order the lessons introduce them.
public enum CourseExperiments {
    /// Every kind: lesson 1 trains D against a fixed G (Goodfellow et al. 2014, Prop. 1), then
    /// looks at what V(G, D*) = 2·JSD − log 4 says about G (Thm. 1); the image chapters show the
    /// Fashion-MNIST data their generators imitate; chapter 4 shows mode collapse on a ring of
    /// Gaussians and two remedies, then its limit case, a generator trained against a fixed D.
    public static let kinds: [any ExperimentKind.Type] = [
        OptimalDiscriminatorExperiment.self,
        GeneratorValueExperiment.self,
        FashionMNISTSamplesExperiment.self,
        ModeCollapseExperiment.self,
        FixedDiscriminatorExperiment.self,
    ]
}
