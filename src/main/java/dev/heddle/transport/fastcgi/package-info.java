/** Caddy's {@code fastcgi} transport: FastCGI records, the CGI/1.1 environment, and reusable php-fpm connections. */
package dev.heddle.transport.fastcgi;
