package io.flowstate.harness.scenario;

/** What the report says about a reference proxy: its version, or that it is not installed. */
public final class PeerInfo {
    private PeerInfo() {
    }

    /** nginx's name for its nearest equivalent of a FlowState balancer, as the report labels it. */
    public static String nginxAlgorithm(String balancer) {
        return PeerConfigs.nginxLabel(balancer);
    }

    /** HAProxy's name for its nearest equivalent of a FlowState balancer, its {@code balance} argument. */
    public static String haproxyAlgorithm(String balancer) {
        return PeerConfigs.haproxyAlgorithm(balancer);
    }

    public static String version(String command, String flag) {
        return Peers.find(command).map(p -> Peers.version(p, flag))
                .orElse("not installed (apt-get install " + command + ")");
    }
}
