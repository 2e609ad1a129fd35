package jp.sekisho.testing;

import java.lang.reflect.Field;

/**
 * Ids of JPA entities are assigned by the database; rules that compare {@code id()} values need them set in a plain
 * unit test, so tests set them here, and nowhere else.
 */
public final class Entities {

    private Entities() {
    }

    /** Sets the private {@code id} field of {@code entity} (declared on its class or a superclass) and returns it. */
    public static <T> T withId(T entity, long id) {
        for (Class<?> type = entity.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField("id");
                field.setAccessible(true);
                field.set(entity, id);
                return entity;
            } catch (NoSuchFieldException e) {
                // look in the superclass
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("Cannot set the id of " + type.getName(), e);
            }
        }
        throw new IllegalArgumentException(entity.getClass().getName() + " has no id field");
    }
}
