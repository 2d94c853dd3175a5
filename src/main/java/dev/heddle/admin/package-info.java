/** The admin API: live config changes, stop, upstream state. */
package dev.heddle.admin;
