package jp.sekisho.testing;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.annotation.Resource;
import jakarta.ejb.ApplicationException;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.ejb.SessionContext;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import jakarta.persistence.PersistenceContext;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import net.bytebuddy.implementation.InvocationHandlerAdapter;
import net.bytebuddy.matcher.ElementMatchers;

import jakarta.enterprise.context.ApplicationScoped;

import jp.sekisho.config.GatewaySettings;
import jp.sekisho.config.StorageSettings;
import jp.sekisho.persistence.DatabaseWatch;
import jp.sekisho.transfer.control.CiphertextStore;

/**
 * The core's real boundaries, run inside a test JVM without an application server: each boundary is a subclass proxy
 * that gives every call the transaction its {@link TransactionAttribute} asks for (REQUIRED, REQUIRES_NEW,
 * NOT_SUPPORTED, MANDATORY, SUPPORTS), rolls back on a system exception or an application exception marked for
 * rollback (and wraps the former in {@link EJBException}), injects {@code @PersistenceContext}, {@code @EJB},
 * {@code @Inject} ({@link Clock}, {@link GatewaySettings}, {@link StorageSettings}, {@link CiphertextStore},
 * {@link Event}, one instance per container of each {@link ApplicationScoped} bean, a new one per injection of each
 * dependent bean made from the settings) and the {@link SessionContext},
 * and delivers events to the boundaries' {@code @Observes} methods, after the commit when they ask for
 * {@link TransactionPhase#AFTER_SUCCESS}. The database is real (migrated by the gateway's own migrations) and so is
 * EclipseLink. The application server's own behaviour is what the in-server tests check.
 * <p>
 * Faults are injected where the gateway meets what can fail: a boundary call can be made to fail as a database that is
 * down would fail it ({@link #fail}), and the storage can be replaced ({@link #storing}). A new container on the same
 * database and data directory is the gateway after a restart.
 */
public final class InJvmContainer implements AutoCloseable {

    private static final Object NO_TRANSACTION = new Object();

    private final EntityManagerFactory persistence;
    private final Clock clock;
    private final GatewaySettings settings;
    private final Map<Class<?>, Object> proxies = new ConcurrentHashMap<>();
    private final Map<Class<?>, Object> targets = new ConcurrentHashMap<>();
    private final List<Class<?>> observers = new ArrayList<>();
    private final ThreadLocal<Deque<Object>> transactions = ThreadLocal.withInitial(ArrayDeque::new);
    private final Map<Class<?>, Object> applicationScoped = new ConcurrentHashMap<>();
    private final Map<Class<?>, Object> provided = new ConcurrentHashMap<>();
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private volatile StorageSettings storageSettings = StorageSettings.defaults();
    private volatile CiphertextStore store;

    /** When an injected fault strikes a boundary call. */
    public enum Moment {
        /** Before the method does anything, as a database that refuses connections fails it. */
        BEFORE_WORK,
        /** After the method did its work, as a connection lost before the commit fails it: all of it rolls back. */
        BEFORE_COMMIT
    }

    private record Fault(Moment moment, Supplier<RuntimeException> failure, int[] remaining) {
    }

    /** On the database at {@code jdbcUrl}, through EclipseLink's own connection pool. */
    public InJvmContainer(String jdbcUrl, String user, Clock clock, GatewaySettings settings) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("jakarta.persistence.transactionType", "RESOURCE_LOCAL");
        properties.put("jakarta.persistence.jtaDataSource", "");
        properties.put("jakarta.persistence.jdbc.url", jdbcUrl);
        properties.put("jakarta.persistence.jdbc.user", user);
        properties.put("eclipselink.target-server", "None");
        properties.put("eclipselink.weaving", "false");
        properties.put("eclipselink.logging.level", "WARNING");
        this.persistence = Persistence.createEntityManagerFactory("sekisho", properties);
        this.clock = clock;
        this.settings = settings;
        // The doors ask the watch whether a failure is an outage; it probes the database these settings name.
        DatabaseWatch.watching(settings);
    }

    /** The storage the boundaries get; set before the first boundary is created, to replace or wrap the real one. */
    public InJvmContainer storing(CiphertextStore replacement) {
        this.store = replacement;
        return this;
    }

    /** What every {@code @Inject} of {@code type} gets; set before the first boundary is created. */
    public <T> InJvmContainer providing(Class<T> type, T instance) {
        provided.put(type, instance);
        return this;
    }

    public InJvmContainer withStorageSettings(StorageSettings settings) {
        this.storageSettings = settings;
        return this;
    }

    /**
     * The next {@code times} calls of the boundary's method fail at {@code moment} with {@code failure}, inside the
     * call's transaction, which rolls back; a system exception reaches the caller wrapped as the container wraps it.
     */
    public void fail(Class<?> boundary, String method, Moment moment, int times, Supplier<RuntimeException> failure) {
        faults.put(boundary.getName() + "#" + method, new Fault(moment, failure, new int[] {times}));
    }

    /** A database that is down, as EclipseLink reports a statement it could not send. */
    public static RuntimeException databaseDown() {
        return new jakarta.persistence.PersistenceException("Injected fault: the database is down",
                new java.sql.SQLTransientConnectionException("Connection to 127.0.0.1:5432 refused"));
    }

    /** Forgets every fault not yet struck. */
    public void healed() {
        faults.clear();
    }

    /** Boundaries whose {@code @Observes} methods receive the events the others fire. */
    public InJvmContainer observing(Class<?>... boundaries) {
        observers.addAll(List.of(boundaries));
        return this;
    }

    /** The boundary as its callers get it: every public method runs with its transaction. */
    @SuppressWarnings("unchecked")
    public <T> T boundary(Class<T> type) {
        Object existing = proxies.get(type);
        if (existing != null) {
            return (T) existing;
        }
        T target = instantiate(type);
        targets.put(type, target);
        T proxy = proxyOf(type, target);
        proxies.put(type, proxy);
        inject(target);
        return proxy;
    }

    /** The container's one instance of an application-scoped bean, its own injections made. */
    @SuppressWarnings("unchecked")
    public <T> T applicationScoped(Class<T> type) {
        Object existing = applicationScoped.get(type);
        if (existing == null) {
            Object made = instantiate(type);
            inject(made);
            existing = applicationScoped.putIfAbsent(type, made);
            if (existing == null) {
                existing = made;
            }
        }
        return (T) existing;
    }

    /** Runs a {@code @PostConstruct} (or any no-argument) method of a boundary, in a transaction of its own. */
    public void start(Class<?> type, String method) {
        boundary(type);
        Object target = targets.get(type);
        try {
            Method start = type.getDeclaredMethod(method);
            start.setAccessible(true);
            inTransaction(TransactionAttributeType.REQUIRES_NEW, () -> invoke(start, target, new Object[0]));
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(type.getSimpleName() + " has no method " + method, e);
        }
    }

    /**
     * What the database holds, read outside any boundary: for the facts a test checks that no boundary shows
     * (storage keys, ciphertext sizes).
     */
    public <R> R read(java.util.function.Function<EntityManager, R> query) {
        EntityManager entityManager = persistence.createEntityManager();
        try {
            return query.apply(entityManager);
        } finally {
            entityManager.close();
        }
    }

    @Override
    public void close() {
        persistence.close();
    }

    private <T> T proxyOf(Class<T> type, Object target) {
        try {
            return new ByteBuddy().subclass(type)
                    .method(ElementMatchers.isPublic().and(ElementMatchers.not(ElementMatchers.isDeclaredBy(
                            Object.class))))
                    .intercept(InvocationHandlerAdapter.of((proxy, method, arguments) -> call(target, method,
                            arguments)))
                    .make().load(type.getClassLoader(), ClassLoadingStrategy.Default.WRAPPER).getLoaded()
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("No proxy for " + type, e);
        }
    }

    private Object call(Object target, Method method, Object[] arguments) {
        Fault fault = strikes(target.getClass(), method);
        return inTransaction(attributeOf(method, target.getClass()), () -> {
            if (fault != null && fault.moment() == Moment.BEFORE_WORK) {
                throw new EJBException((Exception) fault.failure().get());
            }
            Object result = invoke(method, target, arguments);
            if (fault != null) {
                throw new EJBException((Exception) fault.failure().get());
            }
            return result;
        });
    }

    private Fault strikes(Class<?> type, Method method) {
        Fault fault = faults.get(type.getName() + "#" + method.getName());
        if (fault == null) {
            return null;
        }
        synchronized (fault) {
            if (fault.remaining()[0] <= 0) {
                return null;
            }
            fault.remaining()[0]--;
        }
        return fault;
    }

    private Object inTransaction(TransactionAttributeType attribute, Supplier<Object> work) {
        Deque<Object> stack = transactions.get();
        Transaction current = stack.peek() instanceof Transaction active ? active : null;
        switch (attribute) {
            case REQUIRED:
                return current != null ? joined(current, work) : inNew(work);
            case REQUIRES_NEW:
                return inNew(work);
            case MANDATORY:
                if (current == null) {
                    throw new IllegalStateException("A transaction is mandatory here");
                }
                return joined(current, work);
            case SUPPORTS:
                return current != null ? joined(current, work) : work.get();
            default:
                stack.push(NO_TRANSACTION);
                try {
                    return work.get();
                } finally {
                    stack.pop();
                }
        }
    }

    private Object joined(Transaction transaction, Supplier<Object> work) {
        try {
            return work.get();
        } catch (RuntimeException failure) {
            if (rollsBack(failure)) {
                transaction.rollbackOnly = true;
            }
            throw failure;
        }
    }

    private Object inNew(Supplier<Object> work) {
        Transaction transaction = new Transaction(persistence.createEntityManager());
        Deque<Object> stack = transactions.get();
        stack.push(transaction);
        Object result;
        try {
            transaction.entityManager.getTransaction().begin();
            try {
                result = work.get();
            } catch (RuntimeException failure) {
                transaction.rollbackOnly |= rollsBack(failure);
                throw failure;
            } finally {
                transaction.complete();
            }
        } finally {
            stack.pop();
            transaction.entityManager.close();
        }
        if (transaction.committed) {
            transaction.afterSuccess.forEach(Runnable::run);
        }
        return result;
    }

    private static Object invoke(Method method, Object target, Object[] arguments) {
        try {
            method.setAccessible(true);
            return method.invoke(target, arguments);
        } catch (InvocationTargetException thrown) {
            Throwable cause = thrown.getCause();
            if (cause instanceof RuntimeException runtime) {
                if (isApplicationException(runtime) || runtime instanceof EJBException) {
                    throw runtime;
                }
                throw new EJBException(runtime);
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new EJBException((Exception) cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean rollsBack(RuntimeException failure) {
        ApplicationException application = failure.getClass().getAnnotation(ApplicationException.class);
        return application == null || application.rollback();
    }

    private static boolean isApplicationException(RuntimeException failure) {
        return failure.getClass().isAnnotationPresent(ApplicationException.class);
    }

    private static TransactionAttributeType attributeOf(Method method, Class<?> type) {
        TransactionAttribute onMethod = method.getAnnotation(TransactionAttribute.class);
        if (onMethod != null) {
            return onMethod.value();
        }
        TransactionAttribute onClass = type.getAnnotation(TransactionAttribute.class);
        return onClass != null ? onClass.value() : TransactionAttributeType.REQUIRED;
    }

    private static <T> T instantiate(Class<T> type) {
        try {
            var constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot create " + type, e);
        }
    }

    private void inject(Object target) {
        for (Class<?> type = target.getClass(); type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                Object value = injectable(field);
                if (value != null) {
                    try {
                        field.setAccessible(true);
                        field.set(target, value);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
    }

    private Object injectable(Field field) {
        Class<?> type = field.getType();
        if (field.isAnnotationPresent(PersistenceContext.class)) {
            return Proxy.newProxyInstance(EntityManager.class.getClassLoader(), new Class<?>[] {EntityManager.class},
                    (proxy, method, arguments) -> {
                        try {
                            return method.invoke(currentEntityManager(), arguments);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
        if (field.isAnnotationPresent(EJB.class)) {
            return boundary(type);
        }
        if (field.isAnnotationPresent(Resource.class) && type == SessionContext.class) {
            return Proxy.newProxyInstance(SessionContext.class.getClassLoader(), new Class<?>[] {SessionContext.class},
                    (proxy, method, arguments) -> {
                        if (method.getName().equals("getBusinessObject")) {
                            return boundary((Class<?>) arguments[0]);
                        }
                        throw new UnsupportedOperationException("SessionContext." + method.getName());
                    });
        }
        if (!field.isAnnotationPresent(Inject.class)) {
            return null;
        }
        if (provided.containsKey(type)) {
            return provided.get(type);
        }
        if (type == Clock.class) {
            return clock;
        }
        if (type == GatewaySettings.class) {
            return settings;
        }
        if (type == StorageSettings.class) {
            return storageSettings;
        }
        if (type == CiphertextStore.class) {
            if (store == null) {
                store = new CiphertextStore(settings);
            }
            return store;
        }
        if (type.isAnnotationPresent(ApplicationScoped.class)) {
            return applicationScoped(type);
        }
        if (type.isAnnotationPresent(jakarta.enterprise.context.Dependent.class)) {
            try {
                return type.getConstructor(GatewaySettings.class).newInstance(settings);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot create " + type + " from the settings", e);
            }
        }
        if (type == Event.class) {
            return event((Class<?>) ((ParameterizedType) field.getGenericType()).getActualTypeArguments()[0]);
        }
        throw new IllegalStateException("Nothing to inject into " + field);
    }

    private EntityManager currentEntityManager() {
        return transactions.get().peek() instanceof Transaction active ? active.entityManager
                : persistence.createEntityManager();
    }

    /** Synchronous observers are told at once, inside the transaction; AFTER_SUCCESS ones once it has committed. */
    private Event<Object> event(Class<?> eventType) {
        return (Event<Object>) Proxy.newProxyInstance(Event.class.getClassLoader(), new Class<?>[] {Event.class},
                (proxy, method, arguments) -> {
                    if (!method.getName().equals("fire")) {
                        throw new UnsupportedOperationException("Event." + method.getName());
                    }
                    fire(arguments[0]);
                    return null;
                });
    }

    private void fire(Object event) {
        for (Class<?> observer : observers) {
            for (Method method : observer.getDeclaredMethods()) {
                for (Parameter parameter : method.getParameters()) {
                    Observes observes = parameter.getAnnotation(Observes.class);
                    if (observes == null || !parameter.getType().isInstance(event)) {
                        continue;
                    }
                    Object boundary = boundary(observer);
                    Runnable notify = () -> invokeObserver(boundary, method, event);
                    Transaction current = transactions.get().peek() instanceof Transaction active ? active : null;
                    if (observes.during() == TransactionPhase.AFTER_SUCCESS && current != null) {
                        // As the container does: what fails after the commit is logged, never the caller's failure.
                        current.afterSuccess.add(() -> {
                            try {
                                notify.run();
                            } catch (RuntimeException failed) {
                                java.util.logging.Logger.getLogger(InJvmContainer.class.getName()).log(
                                        java.util.logging.Level.WARNING, "Observer " + method + " failed", failed);
                            }
                        });
                    } else {
                        notify.run();
                    }
                }
            }
        }
    }

    private static void invokeObserver(Object boundary, Method method, Object event) {
        try {
            method.invoke(boundary, event);
        } catch (InvocationTargetException thrown) {
            if (thrown.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(thrown.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One resource-local transaction and what waits for its commit. */
    private static final class Transaction {

        final EntityManager entityManager;
        final List<Runnable> afterSuccess = new ArrayList<>();
        boolean rollbackOnly;
        boolean committed;

        Transaction(EntityManager entityManager) {
            this.entityManager = entityManager;
        }

        void complete() {
            var transaction = entityManager.getTransaction();
            if (!transaction.isActive()) {
                return;
            }
            if (rollbackOnly || transaction.getRollbackOnly()) {
                transaction.rollback();
            } else {
                transaction.commit();
                committed = true;
            }
        }
    }
}
