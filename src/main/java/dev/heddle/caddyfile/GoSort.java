package dev.heddle.caddyfile;

import java.util.List;
import java.util.function.BiPredicate;

/**
 * Go's sort.SliceStable for the short lists the adapter sorts: an insertion sort driven by a
 * "less" function. Caddy's less functions are not always a strict order (a route with a
 * matcher "comes before" one without, whatever else), so the algorithm, not only stability,
 * decides the result; Go uses insertion sort for up to 20 elements, as here.
 */
final class GoSort {
    private GoSort() {
    }

    static <T> void stable(List<T> list, BiPredicate<T, T> less) {
        for (int i = 1; i < list.size(); i++) {
            for (int j = i; j > 0 && less.test(list.get(j), list.get(j - 1)); j--) {
                T tmp = list.get(j);
                list.set(j, list.get(j - 1));
                list.set(j - 1, tmp);
            }
        }
    }
}
