/**
 * The Jetty engine: a Jetty 12 core {@code Server} ingress and a Jetty {@code HttpClient}
 * upstream, both non-blocking. The only module that needs Jetty.
 */
module io.flowstate.engine.jetty {
    requires io.flowstate.core;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.client;
    requires org.eclipse.jetty.http;
    requires org.eclipse.jetty.io;
    requires org.eclipse.jetty.util;
    provides io.flowstate.core.spi.Engine with io.flowstate.engine.jetty.JettyEngine;
}
