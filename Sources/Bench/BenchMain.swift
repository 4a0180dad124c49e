import ArgumentParser

/// `xinfang-bench`: each benchmark is a subcommand; `make bench` runs them all and each
/// writes its figures to bench/results/NAME.json and NAME.md, with the machine noted.
@main
struct BenchMain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xinfang-bench",
        abstract: "xinfang benchmarks; results go to bench/results/.",
        subcommands: BenchRegistry.all
    )
}

/// The benchmarks, in the order `make bench` runs them.
enum BenchRegistry {
    static let all: [any ParsableCommand.Type] = [
        FrameCodecBench.self,
        AppendBench.self,
        IntakeLoadBench.self,
        DuplicatesBench.self,
        SearchBench.self,
        StoreScaleBench.self,
        PluginRoundTripBench.self,
        LetterOCRBench.self,
    ]
}

/// Options every benchmark shares.
struct BenchOptions: ParsableArguments {
    @Option(help: "Folder the results are written to.") var results = "bench/results"
    @Option(help: "Scratch folder for databases and files.") var scratch = "bench/tmp"
    @Flag(help: "A small, quick run (for checking the benchmark itself, not for figures).") var quick = false
}
