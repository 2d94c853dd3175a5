package dev.heddle.handlers;

import dev.heddle.config.MapConfig;
import dev.heddle.http.Exchange;
import dev.heddle.http.Handler;
import dev.heddle.http.HandlerException;
import dev.heddle.http.Next;
import dev.heddle.http.Template;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Caddy's {@code map} handler (map/map.go): its destinations become placeholders, worked out
 * when read (lazily, as Caddy's replacer provider): the source is expanded, the first mapping
 * whose input equals it (or whose regexp finds in it) and whose output is not null gives the
 * value, else the default, else "". An exact input's output takes placeholders; a regexp's
 * takes {@code $1} / {@code ${name}} only. A destination that names a placeholder Heddle
 * already knows is not overridden (built-in placeholders are asked first, as in Caddy).
 */
public final class MapHandler implements Handler {
    private record Row(String input, Pattern regexp, List<Template> outputs, List<String> rawOutputs) {
    }

    private final Template source;
    private final Map<String, Integer> destinations = new HashMap<>();
    private final List<Row> rows = new ArrayList<>();
    private final List<Template> defaults;

    public MapHandler(MapConfig config) {
        this.source = Template.compile(config.source());
        for (int i = 0; i < config.destinations().size(); i++) {
            destinations.putIfAbsent(config.destinations().get(i), i);
        }
        for (MapConfig.Mapping m : config.mappings()) {
            List<Template> outputs = new ArrayList<>();
            for (String o : m.outputs()) {
                outputs.add(o == null ? null : Template.compile(o));
            }
            rows.add(new Row(m.input(), m.inputRegexp() == null ? null : Pattern.compile(m.inputRegexp()),
                    outputs, m.outputs()));
        }
        this.defaults = config.defaults() == null ? null : config.defaults().stream().map(Template::compile).toList();
    }

    @Override
    public void handle(Exchange ex, Next next) throws HandlerException {
        ex.addPlaceholders(key -> {
            Integer i = destinations.get(key);
            return i == null ? null : value(ex, i);
        });
        next.run(ex);
    }

    private String value(Exchange ex, int i) {
        String in = source.render(ex, Template.Unknown.EMPTY);
        for (Row row : rows) {
            if (row.rawOutputs().get(i) == null) {
                continue;  // a null output falls through
            }
            if (row.input() != null) {
                if (row.input().equals(in)) {
                    return row.outputs().get(i).render(ex, Template.Unknown.EMPTY);
                }
            } else {
                Matcher m = row.regexp().matcher(in);
                if (m.find()) {
                    return GoRegexpTemplate.expand(row.rawOutputs().get(i), m);
                }
            }
        }
        return defaults == null ? "" : defaults.get(i).render(ex, Template.Unknown.EMPTY);
    }
}
