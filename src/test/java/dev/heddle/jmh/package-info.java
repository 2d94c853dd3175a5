/** JMH micro-benchmarks of the hot pieces; compiled and run only with -Pjmh (see README). */
package dev.heddle.jmh;
