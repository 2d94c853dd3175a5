package dev.heddle.config;

/** Caddy's standalone {@code headers} handler: request and response header operations. */
public record HeadersHandlerConfig(HeaderOpsConfig request, RespHeaderOpsConfig response) implements HandlerConfig {

    static HeadersHandlerConfig parse(Node n) throws ConfigException {
        HeaderOpsConfig request = HeaderOpsConfig.parse(n.field("request"));
        RespHeaderOpsConfig response = RespHeaderOpsConfig.parse(n.field("response"));
        n.done();
        return new HeadersHandlerConfig(request, response);
    }

    /** The {@code headers} object inside reverse_proxy has the same shape. */
    static HeadersHandlerConfig parseProxyHeaders(Node n) throws ConfigException {
        if (n.absent()) {
            return new HeadersHandlerConfig(HeaderOpsConfig.NONE, RespHeaderOpsConfig.NONE);
        }
        n.requireObject();
        return parse(n);
    }
}
