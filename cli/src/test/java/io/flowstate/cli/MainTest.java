package io.flowstate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: exit codes and what {@code validate}, {@code version} and usage errors print. */
class MainTest {
    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final Pattern ERROR_LINE = Pattern.compile("^.+:\\d+:\\d+: [\\w.\\[\\]]+: .+$");

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void validateAcceptsTheExample() {
        Run r = run("validate", "-c", EXAMPLES.resolve("proxy.json").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("ok", r.out().strip());
    }

    @Test
    void validateNamesEveryErrorWithLineColumnAndPath() {
        Run r = run("validate", "-c", EXAMPLES.resolve("broken.json").toString());
        assertEquals(1, r.code());
        List<String> lines = r.err().lines().toList();
        List<String> errors = lines.stream().filter(l -> ERROR_LINE.matcher(l).matches()).toList();
        assertEquals(4, errors.size(), r.err());
        assertTrue(errors.get(0).contains(":3:28: timeouts.connect: invalid duration"), errors.get(0));
        assertTrue(errors.get(2).contains(":8:43: routes[0].pool: unknown pool \"wbe\""), errors.get(2));
        assertTrue(lines.get(lines.size() - 1).endsWith("4 error(s); nothing was started"));
    }

    @Test
    void validateReportsJsonSyntaxWithPosition(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\n  \"listen\": \"127.0.0.1:8080\",\n  \"pools\": {,\n}\n");
        Run r = run("validate", "-c", file.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith(file + ":3:"), r.err());
    }

    @Test
    void missingFileIsAClearError() {
        Run r = run("validate", "-c", "no/such/file.json");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no such file"), r.err());
    }

    @Test
    void versionPrintsTheVersion() {
        Run r = run("version");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("flowstate "), r.out());
    }

    @Test
    void usageErrorsExitWith2() {
        assertEquals(2, run().code());
        assertEquals(2, run("frobnicate").code());
        assertEquals(2, run("validate").code(), "validate without -c");
        Run r = run("run", "-c", EXAMPLES.resolve("proxy.json").toString(), "--engine", "nosuch");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown engine \"nosuch\""), r.err());
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : List.of("run", "validate")) {
            Run r = run(command, "--help");
            assertEquals(0, r.code(), command);
            assertTrue(r.out().startsWith("usage: flowstate " + command), r.out());
        }
    }

    private static Run runWithInput(String input, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new java.io.ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void validateReadsStandardInputForDash() throws Exception {
        String good = Files.readString(EXAMPLES.resolve("proxy.json"));
        Run ok = runWithInput(good, "validate", "-c", "-");
        assertEquals(0, ok.code(), ok.err());
        assertEquals("ok", ok.out().strip());

        Run bad = runWithInput(Files.readString(EXAMPLES.resolve("broken.json")), "validate", "--config", "-");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("stdin:8:43: routes[0].pool: unknown pool \"wbe\""), bad.err());
    }

    @Test
    void configMayBeGivenWithAnEqualsSign() {
        Run r = run("validate", "--config=" + EXAMPLES.resolve("proxy.json"));
        assertEquals(0, r.code(), r.err());
        assertEquals("ok", r.out().strip());
        assertEquals(2, run("validate", "--config=").code(), "an empty file name is a usage error");
    }

    @Test
    void runRefusesStandardInputSinceReloadReadsTheFileAgain() {
        Run r = run("run", "-c", "-");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("standard input"), r.err());
    }

    @Test
    void aConfigThatIsNotJsonGetsAHint() {
        Run r = runWithInput("listen: 127.0.0.1:8080\npools:\n  web: {}\n", "validate", "-c", "-");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("stdin:1:1: "), r.err());
        assertTrue(r.err().contains("a FlowState config is JSON"), r.err());
    }
}
