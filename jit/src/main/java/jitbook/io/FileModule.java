package jitbook.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jitbook.ir.Graph;

/** A module tree as {@link ModelReader} rebuilt it from a file: data only, filled in while reading. */
final class FileModule implements ModuleTree {
    private final String className;
    private final boolean training;
    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private final Map<String, Graph> methods = new LinkedHashMap<>();
    private String source;

    FileModule(String className, boolean training) {
        this.className = className;
        this.training = training;
    }

    void register(String name, Object value) {
        attributes.put(name, value);
    }

    void addMethod(String name, Graph graph) {
        methods.put(name, graph);
    }

    void setSource(String source) {
        this.source = source;
    }

    @Override
    public String className() {
        return className;
    }

    @Override
    public boolean isTraining() {
        return training;
    }

    @Override
    public Map<String, Object> attributes() {
        return Collections.unmodifiableMap(attributes);
    }

    @Override
    public List<String> methodNames() {
        return Collections.unmodifiableList(new ArrayList<>(methods.keySet()));
    }

    @Override
    public Graph methodGraph(String name) {
        Graph g = methods.get(name);
        if (g == null) throw new IllegalArgumentException(className + " has no method '" + name + "'");
        return g;
    }

    @Override
    public String source() {
        return source;
    }
}
