package io.flowstate.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** make compare's exit codes: 2 for usage, 1 for a file it cannot use. */
class CompareTest {

    @Test
    void usageAndUnreadableFilesHaveTheirExitCodes(@TempDir Path dir) throws Exception {
        assertEquals(2, Compare.run(new String[] {"only-one.json"}));
        assertEquals(2, Compare.run(new String[] {"a", "b", "--bogus"}));
        assertEquals(1, Compare.run(new String[] {dir.resolve("absent.json").toString(), dir.toString()}));
        Path notJson = Files.writeString(dir.resolve("x.json"), "[1]");
        assertEquals(1, Compare.run(new String[] {notJson.toString(), notJson.toString()}));
    }
}
