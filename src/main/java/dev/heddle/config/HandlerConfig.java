package dev.heddle.config;

/** A route handler's config; one record per handler module Heddle implements. */
public sealed interface HandlerConfig permits StaticResponseConfig, SubrouteConfig, ReverseProxyConfig, HeadersHandlerConfig,
        RewriteConfig, CopyResponseConfig, CopyResponseHeadersConfig, RequestBodyConfig, ErrorHandlerConfig, VarsConfig,
        MapConfig, FileServerConfig, EncodeConfig {
}
