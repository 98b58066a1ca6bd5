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
 * <p>Thread-safe: the accessor maps are computed once per class, in a concurrent map, and never changed.
 */
final class RecordWrapper extends DefaultObjectWrapper {

    /** Per record class, its accessors by component name; filled as classes are first met. */
    private final Map<Class<?>, Map<String, Method>> accessors = new ConcurrentHashMap<>();

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

    private static Map<String, Method> accessorsOf(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        Map<String, Method> accessors = new HashMap<>(components.length * 2);
        for (RecordComponent component : components) {
            Method accessor = component.getAccessor();
            accessor.setAccessible(true);
            accessors.put(component.getName(), accessor);
        }
        return accessors;
    }

    /** A record as a hash of its components. */
    private final class RecordModel implements TemplateHashModel {

        private final Record record;
        private final Map<String, Method> accessors;

        RecordModel(Record record) {
            this.record = record;
            this.accessors = RecordWrapper.this.accessors.computeIfAbsent(record.getClass(), RecordWrapper::accessorsOf);
        }

        @Override
        public TemplateModel get(String key) throws TemplateModelException {
            Method accessor = accessors.get(key);
            if (accessor == null) {
                return ((TemplateHashModel) RecordWrapper.super.handleUnknownType(record)).get(key);
            }
            try {
                return wrap(accessor.invoke(record));
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
