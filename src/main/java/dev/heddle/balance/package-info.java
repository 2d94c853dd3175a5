/** Upstream selection policies. */
package dev.heddle.balance;
