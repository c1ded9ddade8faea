import Foundation
import Testing

@testable import MinimaxRunner

/// The runner against input a careless or hostile user gives it, second round: folders that
/// are not reports, files with two owners, damaged cache entries, lessons that are no files,
/// charts split too finely.
@Suite("Hostile input, round two")
struct HostileInputTests {
    // MARK: - A folder that is not a report is never replaced

    @Test("A run into a folder that holds a user's files refuses before training, and the files survive")
    func userFilesSurvive() throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        try space.write("waves", waveLesson())
        let thesis = space.output.appendingPathComponent("waves/src/thesis.tex")
        try FileManager.default.createDirectory(at: thesis.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("\\begin{document}".utf8).write(to: thesis)
        let error = #expect(throws: RunnerError.self) { try space.run("waves") }
        #expect(
            error?.description
                == "\(space.output.path)/waves holds files a Minimax run does not write (src/), and a run replaces the whole folder; move them elsewhere, or give --output another folder")
        #expect(try String(contentsOf: thesis, encoding: .utf8) == "\\begin{document}")
        #expect(!FileManager.default.fileExists(atPath: space.root.appendingPathComponent(".minimax-cache/waves").path), "nothing trained")
    }

    @Test("A report is replaced; anything else in it, or a folder without results.json, is refused", arguments: [
        ([String](), nil),
        (["README.md", "results.json", "run.json", "data/a.tsv", "data/a.npy", "figures/a.png", "figures/b.gif", "plots/a.gp"], nil),
        (["results.json", "notes.txt"], "holds files a Minimax run does not write (notes.txt)"),
        (["results.json", ".git/HEAD"], "holds files a Minimax run does not write (.git/)"),
        (["results.json", "figures/a.png", "figures/draft.svg", "data/raw/x.tsv", "plots/.a.gp.swp", "README.md/x"],
            "holds files a Minimax run does not write (README.md/, data/raw/, figures/draft.svg, …)"),
        (["README.md", "data/a.tsv"], "has no results.json of a Minimax run"),
    ] as [([String], String?)])
    func replaceable(files: [String], refusal: String?) throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        let folder = space.output.appendingPathComponent("lesson")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in files {
            let url = folder.appendingPathComponent(file)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data((file == "results.json" ? #"{"lesson": "lesson"}"# : "x").utf8).write(to: url)
        }
        if let refusal {
            let error = #expect(throws: RunnerError.self) { try OutputFolder.checkReplaceable(folder) }
            #expect(error?.description.hasPrefix("\(folder.path) \(refusal)") == true, "\(error?.description ?? "")")
        } else {
            try OutputFolder.checkReplaceable(folder)
        }
    }

    @Test("A file where the report's folder should be is refused, not replaced")
    func fileInTheWay() throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        try FileManager.default.createDirectory(at: space.output, withIntermediateDirectories: true)
        let file = space.output.appendingPathComponent("lesson")
        try Data("mine".utf8).write(to: file)
        let error = #expect(throws: RunnerError.self) { try OutputFolder.checkReplaceable(file) }
        #expect(error?.description == "\(file.path) is a file, not a report; move it away or give --output another folder")
    }

    @Test("A second run replaces the first run's report")
    func reportReplaced() throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        try space.write("waves", waveLesson())
        _ = try space.run("waves")
        _ = try space.run("waves", force: true)
        #expect(space.exists("waves/results.json"))
    }

    // MARK: - One owner per file

    @Test("Two figures that would write the same data file are a plan error naming both")
    func sharedDataFile() throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        let lesson = waveLesson().replacingOccurrences(
            of: "  - images: tiles\n",
            with: """
                  - chart: lines
                    name: a-field
                    data: field
                    x: x
                    y: z
                  - chart: layers
                    name: a
                    layers:
                      - {chart: lines, data: curve, x: x, y: y}
                      - {chart: scatter, data: field, x: x, y: z}
                  - images: tiles

                """)
        try space.write("waves", lesson)
        let error = #expect(throws: RunnerError.self) {
            try LessonPlan(try space.workspace.lesson("waves"), registry: ExperimentRegistry([WaveKind.self]))
        }
        #expect(
            error?.description
                == "Lessons/waves.md:12: figure 'a' of cell 'wave' and figure 'a-field' of cell 'wave' would both write data/a-field.tsv; give one a different 'name:'")
    }

    @Test("Every file a report writes is one its display declares")
    func declaredFiles() throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        try space.write("waves", waveLesson())
        let summary = try space.run("waves")
        let lesson = try space.workspace.lesson("waves")
        let declared = Set(lesson.cells.flatMap { $0.show.flatMap(\.files) } + ["README.md", "results.json", "run.json"])
        #expect(Set(summary.files).isSubset(of: declared), "\(Set(summary.files).subtracting(declared))")
        #expect(declared.contains("data/wave-curve.tsv") && declared.contains("figures/wave-2.png"))
    }

    // MARK: - Damaged cache entries

    @Test("A cache entry that does not match its kind's results is recomputed, with a note", arguments: [
        "row", "columns", "image", "json",
    ])
    func corruptCache(damage: String) throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        try space.write("waves", waveLesson())
        _ = try space.run("waves")
        let firstCurve = try space.read("waves/data/wave-curve.tsv")
        let file = space.root.appendingPathComponent(".minimax-cache/waves/wave.json")
        var entry = try CellCache.decoder.decode(CellCache.Entry.self, from: Data(contentsOf: file))
        let reason: String
        switch damage {
        case "row":
            entry.result.tables["curve"]!.rows[2] = [1]
            reason = "the cached result of cell 'wave' produced table 'curve' whose row 3 has 1 values for 3 columns, so it is corrupt; running the cell again"
        case "columns":
            entry.result.tables["curve"]!.columns = ["x"]
            reason = "the cached result of cell 'wave' produced table 'curve' with columns x, not the declared x, y, noisy, so it is corrupt; running the cell again"
        case "image":
            entry.result.images["tiles"]!.columns = 1 << 62
            reason = "the cached result of cell 'wave' produced image grid 'tiles' of 3×2 images in \(1 << 62) columns, so it is corrupt; running the cell again"
        default:
            reason = "the cache file \(file.path) is not a cached result; running cell 'wave' again"
        }
        let data = damage == "json" ? Data(#"{"key": "#.utf8) : try CellCache.encoder.encode(entry)
        try data.write(to: file)
        let again = try space.run("waves")
        #expect(again.notes == [reason])
        #expect(again.cellsRun == ["wave"] && again.cellsFromCache.isEmpty)
        #expect(try space.read("waves/data/wave-curve.tsv") == firstCurve)
        let third = try space.run("waves")
        #expect(third.notes.isEmpty && third.cellsFromCache == ["wave"], "the recomputed entry was stored")
    }

    // MARK: - Lessons that are not files

    @Test("A lesson that is a folder or a named pipe is named for what it is")
    func notAFile() throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        try FileManager.default.createDirectory(at: space.root.appendingPathComponent("Lessons/folder.md"), withIntermediateDirectories: true)
        #expect(mkfifo(space.root.appendingPathComponent("Lessons/fifo.md").path, 0o644) == 0)
        let folder = #expect(throws: RunnerError.self) { try space.workspace.lesson("folder") }
        #expect(folder?.description == "Lessons/folder.md: this is a folder, not a lesson; a lesson is a Markdown file")
        let fifo = #expect(throws: RunnerError.self) { try space.workspace.lesson("fifo") }
        #expect(fifo?.description == "Lessons/fifo.md: this is a named pipe (FIFO), not a lesson; a lesson is a Markdown file")
    }

    @Test("A lesson file of more than 4 MiB is refused before it is read")
    func hugeLesson() throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        let file = space.root.appendingPathComponent("Lessons/huge.md")
        #expect(FileManager.default.createFile(atPath: file.path, contents: nil))
        let handle = try FileHandle(forWritingTo: file)
        try handle.truncate(atOffset: 5 << 20)  // sparse: nothing is written
        try handle.close()
        let error = #expect(throws: RunnerError.self) { try space.workspace.lesson("huge") }
        #expect(error?.description == "Lessons/huge.md: this file holds 5 MiB; a lesson is Markdown text of at most 4 MiB")
    }

    // MARK: - Charts split too finely

    @Test("A facet or animation with more panels or frames than can be drawn is refused at the cell's line, before gnuplot")
    func tooManyPanels() throws {
        for (split, count, message) in [
            ("facet", 25, "chart 'wave-curve' would draw 25 panels, one per value of 'x'; it can draw at most 24"),
            ("animate", 241, "chart 'wave-curve' would draw 241 frames, one per value of 'x'; it can draw at most 240"),
        ] {
            let space = try TemporaryWorkspace()
            defer { space.remove() }
            let lesson = waveLesson()
                .replacingOccurrences(of: "    points: 21", with: "    points: \(count)")
                .replacingOccurrences(of: "    title: A wave\n", with: "    title: A wave\n    \(split): x\n")
            try space.write("waves", lesson)
            let error = #expect(throws: RunnerError.self) { try space.run("waves") }
            #expect(error?.description == "Lessons/waves.md:12: \(message): split it by a column with fewer values, or have the cell record fewer")
            #expect(!space.exists("waves"))
            // The cell's result was kept: fixing the chart re-renders without training.
            try space.write("waves", lesson.replacingOccurrences(of: "    \(split): x\n", with: ""))
            #expect(try space.run("waves").cellsFromCache == ["wave"])
        }
    }

    // MARK: - Where the course is

    @Test("The course is found from --lessons, then MINIMAX_LESSONS, then the current folder and above, then the checkout minimax was built from")
    func findingTheCourse() throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent("minimax-elsewhere-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: elsewhere.appendingPathComponent("deep"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        let lessons = space.root.appendingPathComponent("Lessons")

        let given = try Workspace.find(lessons: lessons.path, environment: [:], from: elsewhere)
        #expect(given.lessonsDirectory.path == lessons.path && given.root.path == space.root.path)
        let relative = try Workspace.find(lessons: "../\(space.root.lastPathComponent)/Lessons", environment: [:], from: space.root)
        #expect(relative.lessonsDirectory.path == lessons.path)
        let variable = try Workspace.find(environment: [Workspace.lessonsVariable: lessons.path], from: elsewhere)
        #expect(variable.lessonsDirectory.path == lessons.path)
        let above = try Workspace.find(environment: [:], from: space.root.appendingPathComponent("Lessons"))
        #expect(above.root.path == space.root.path)
        let built = try Workspace.find(environment: [:], from: elsewhere.appendingPathComponent("deep"))
        #expect(built.root.path == Workspace.builtFrom.path)
        #expect(built.lessonNames().contains("optimal-discriminator"))

        let missing = #expect(throws: RunnerError.self) { try Workspace.find(lessons: "nowhere", environment: [:], from: elsewhere) }
        #expect(
            missing?.description
                == "--lessons names \(elsewhere.path)/nowhere, which is not a folder; give it the folder that holds the lessons (*.md), such as ~/minimax/Lessons")
        let empty = #expect(throws: RunnerError.self) { try Workspace.find(environment: [Workspace.lessonsVariable: ""], from: elsewhere) }
        #expect(empty?.description == "MINIMAX_LESSONS is empty; give it the folder that holds the lessons, such as ~/minimax/Lessons")
    }
}

@Suite("The command line from anywhere", .serialized)
struct CommandLineFromAnywhereTests {
    /// Runs `command` through the shell in `folder`, with only the binary's folder and the
    /// system's on PATH: `minimax` is found there, as a student who installed it types it.
    func shell(_ command: String, in folder: URL, environment extra: [String: String] = [:]) throws -> CLI.Outcome {
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = CLI.binary.deletingLastPathComponent().path + ":/usr/bin:/bin"
        environment.removeValue(forKey: Workspace.lessonsVariable)
        environment.merge(extra) { $1 }
        return try CLI.launch(URL(fileURLWithPath: "/bin/sh"), ["-c", command], in: folder, environment: environment)
    }

    @Test("regenerate --jobs 2 starts its jobs from the running program when minimax was found on PATH")
    func regenerateFromPath() throws {
        let cli = try CLI()
        defer { cli.space.remove() }
        try cli.writeCourseLesson("first")
        try cli.writeCourseLesson("second") { $0.replacingOccurrences(of: "chapter: 1", with: "chapter: 2") }
        let outcome = try shell("minimax regenerate --jobs 2", in: cli.space.root)
        #expect(outcome.status == 0, "\(outcome.output)\(outcome.errors)")
        #expect(!outcome.output.contains("could not start") && !outcome.output.contains("NSCocoaErrorDomain"))
        #expect(cli.space.exists("first/results.json") && cli.space.exists("second/results.json") && cli.space.exists("README.md"))
    }

    @Test("Outside any checkout minimax finds the course it was built from, or the one --lessons or MINIMAX_LESSONS names")
    func outsideTheCheckout() throws {
        let cli = try CLI()
        defer { cli.space.remove() }
        try cli.writeCourseLesson("first")
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("minimax-student-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }

        let built = try shell("minimax list", in: home)
        #expect(built.status == 0, "\(built.errors)")
        #expect(built.output.contains("optimal-discriminator") && built.output.contains("saturation"))
        let lessons = cli.space.root.appendingPathComponent("Lessons").path
        for outcome in [try shell("minimax list --lessons '\(lessons)'", in: home), try shell("minimax list", in: home, environment: [Workspace.lessonsVariable: lessons])] {
            #expect(outcome.status == 0, "\(outcome.errors)")
            #expect(outcome.output.contains("first") && !outcome.output.contains("saturation"), "\(outcome.output)")
        }
        let wrong = try shell("minimax run first --lessons nowhere", in: home)
        #expect(wrong.status != 0)
        #expect(wrong.errors.hasPrefix("Error: --lessons names ") && wrong.errors.hasSuffix("/nowhere, which is not a folder; give it the folder that holds the lessons (*.md), such as ~/minimax/Lessons\n"))
    }
}
