package io.flowstate.harness.scenario;

/** What the report says about a reference proxy: its version, or that it is not installed. */
public final class PeerInfo {
    private PeerInfo() {
    }

    public static String version(String command, String flag) {
        return Peers.find(command).map(p -> Peers.version(p, flag))
                .orElse("not installed (apt-get install " + command + ")");
    }
}
