/** Fuzz targets (Jazzer) for Heddle's own parsers: regression from a corpus in the normal build, fuzzing with -Pfuzz. */
package dev.heddle.fuzz;
