package io.flowstate.harness.scenario;

/** What a row sends its load to. */
public sealed interface Target {

    /** A short, unique, file-name-safe label: {@code direct}, {@code flowstate-jdk-wrr}, {@code nginx-least_conn}. */
    String label();

    /** Load straight to the first backend: the physical limit of this machine and load generator. */
    record Direct() implements Target {
        @Override
        public String label() {
            return "direct";
        }
    }

    /** FlowState on one engine with one balancer. */
    record FlowState(String engine, String balancer) implements Target {
        @Override
        public String label() {
            return "flowstate-" + engine + "-" + balancer;
        }
    }

    /**
     * A reference proxy ({@code nginx} or {@code haproxy}) with the nearest equivalent of a
     * FlowState balancer ({@code algorithm}, in the peer's own words).
     */
    record Peer(String kind, String balancer, String algorithm) implements Target {
        @Override
        public String label() {
            return kind + "-" + algorithm.replaceAll("[^A-Za-z0-9_]+", "_").replaceAll("_+$", "");
        }
    }
}
