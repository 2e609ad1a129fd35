package jp.sekisho.sealing.boundary;

import java.time.Clock;
import java.time.Instant;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;

import jp.sekisho.sealing.control.JitWarmup;

/** Starts the JIT warm-up of the transfer path in the background; the gateway serves meanwhile. */
@Singleton
@Startup
public class JitWarmupAtStart {

    @Resource
    ManagedExecutorService executor;

    @Inject
    Clock clock;

    @PostConstruct
    void start() {
        Instant now = clock.instant();
        executor.submit(() -> JitWarmup.run(now));
    }
}
