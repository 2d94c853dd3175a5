/** Active health checks on scheduled virtual threads, and the circuit breaker. */
package dev.heddle.health;
