package io.flowstate.harness.report;

import io.flowstate.harness.scenario.EqualWork;
import io.flowstate.harness.scenario.Runner;
import io.flowstate.harness.scenario.Scenario;
import java.util.List;

/**
 * The report's "Configs and equal work" section: what every proxy does per request (the same
 * forwarding fields, upstream keep-alive as FlowState's, an access log only where FlowState
 * has one), which FlowState filters the peers do not run, and a link to every generated config.
 */
final class ConfigsSection {
    private ConfigsSection() {
    }

    static void write(StringBuilder md, Scenario scenario, Runner.Outcome outcome) {
        md.append("## Configs and equal work\n\n");
        md.append("Every proxy does the same work per request: it sets `X-Forwarded-For`, `X-Forwarded-Proto` and "
                + "`X-Forwarded-Host`; keeps connections to the backends alive when FlowState does, with as many "
                + "idle ones (FlowState's `transport.maxIdlePerBackend` per backend; nginx's `keepalive` is per "
                + "upstream, so it gets that times the backends; HAProxy `pool-max-conn` per server); and writes "
                + "an access log only when FlowState's rows have an `accessLog` filter.\n\n");
        md.append("| variant | upstream keep-alive | idle per backend | access log | FlowState filters the peers do not run |\n");
        md.append("|---|---|---:|---|---|\n");
        for (Scenario.Variant v : scenario.variants()) {
            EqualWork w = outcome.work().get(v.name());
            if (w == null) {
                continue;
            }
            md.append("| ").append(v.name())
                    .append(" | ").append(w.upstreamKeepAlive() ? "yes" : "no")
                    .append(" | ").append(w.upstreamKeepAlive() ? Integer.toString(w.idlePerBackend()) : "-")
                    .append(" | ").append(w.accessLog() ? "yes" : "no")
                    .append(" | ").append(w.otherFilters().isEmpty() ? "none"
                            : "`" + String.join("`, `", w.otherFilters()) + "`")
                    .append(" |\n");
        }
        md.append('\n');
        List<Runner.ConfigFile> configs = outcome.configs();
        if (configs.isEmpty()) {
            return;
        }
        md.append("The generated configs (the proxies' output is beside each, in `logs/`):\n\n");
        for (Runner.ConfigFile c : configs) {
            String path = c.path().toString().replace('\\', '/');
            md.append("- ").append("default".equals(c.variant()) ? "" : c.variant() + " / ").append(c.target())
                    .append(": [").append(path).append("](").append(path).append(")\n");
        }
        md.append('\n');
    }
}
