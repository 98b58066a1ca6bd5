package io.emrdag.render;

import freemarker.template.DefaultObjectWrapper;
import freemarker.template.SimpleScalar;
import freemarker.template.TemplateHashModel;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.Version;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * FreeMarker's default object wrapper, with the view records read as plain hashes: {@code ${view.dag.dagId}} calls the
 * record's accessor found in a per-class map, instead of going through the {@code BeansWrapper}'s introspection
 * models, method descriptors and model cache for every value. With 10,000 job groups the bean models were a large
 * part of FreeMarker's time. Everything else (strings, numbers, lists, maps) is wrapped as before, so the output is
 * the same; a key that is not a record component falls back to the bean model, as a template would have seen it.
 *
 * <p>Thread-safe: the accessors are found once per class, in a concurrent map, and never changed; a record's model
 * keeps the models of its components, and is made and read by one render.
 */
final class RecordWrapper extends DefaultObjectWrapper {

    /** Per record class, its components; filled as classes are first met. */
    private final Map<Class<?>, Components> components = new ConcurrentHashMap<>();

    RecordWrapper(Version incompatibleImprovements) {
        super(incompatibleImprovements);
        writeProtect();
    }

    /** Strings and records first: nearly every value a view template reads is one of them. */
    @Override
    public TemplateModel wrap(Object obj) throws TemplateModelException {
        if (obj instanceof String s) {
            return new SimpleScalar(s);
        }
        return obj instanceof Record record ? new RecordModel(record) : super.wrap(obj);
    }

    @Override
    protected TemplateModel handleUnknownType(Object obj) throws TemplateModelException {
        return obj instanceof Record record ? new RecordModel(record) : super.handleUnknownType(obj);
    }

    /** A record class's accessors, and the index of each component by name. */
    private record Components(Map<String, Integer> index, Method[] accessors) {

        static Components of(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Map<String, Integer> index = new HashMap<>(components.length * 2);
            Method[] accessors = new Method[components.length];
            for (int i = 0; i < components.length; i++) {
                accessors[i] = components[i].getAccessor();
                accessors[i].setAccessible(true);
                index.put(components[i].getName(), i);
            }
            return new Components(index, accessors);
        }
    }

    /**
     * A record as a hash of its components. Records are immutable, so each component is read and wrapped once and the
     * model kept: a template reads {@code view.dag} dozens of times. A model belongs to the render that made it.
     */
    private final class RecordModel implements TemplateHashModel {

        private final Record record;
        private final Components components;
        /** Each component's model once read (null for a null value: {@link #read} tells them apart). */
        private final TemplateModel[] values;
        private final boolean[] read;

        RecordModel(Record record) {
            this.record = record;
            this.components = RecordWrapper.this.components.computeIfAbsent(record.getClass(), Components::of);
            this.values = new TemplateModel[components.accessors().length];
            this.read = new boolean[values.length];
        }

        @Override
        public TemplateModel get(String key) throws TemplateModelException {
            Integer i = components.index().get(key);
            if (i == null) {
                return ((TemplateHashModel) RecordWrapper.super.handleUnknownType(record)).get(key);
            }
            if (!read[i]) {
                values[i] = wrap(value(components.accessors()[i], key));
                read[i] = true;
            }
            return values[i];
        }

        private Object value(Method accessor, String key) throws TemplateModelException {
            try {
                return accessor.invoke(record);
            } catch (IllegalAccessException e) {
                throw new TemplateModelException("cannot read " + key + " of " + record.getClass().getSimpleName(), e);
            } catch (InvocationTargetException e) {
                throw new TemplateModelException("reading " + key + " of " + record.getClass().getSimpleName() + " failed",
                        e.getCause());
            }
        }

        @Override
        public boolean isEmpty() {
            return false;
        }
    }
}
