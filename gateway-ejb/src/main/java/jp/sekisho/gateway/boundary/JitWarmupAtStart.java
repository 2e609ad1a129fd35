package jp.sekisho.gateway.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedExecutorService;

import jp.sekisho.gateway.control.JitWarmup;

/** Starts the JIT warm-up of the transfer path in the background; the gateway serves meanwhile. */
@Singleton
@Startup
public class JitWarmupAtStart {

    @Resource
    ManagedExecutorService executor;

    @PostConstruct
    void start() {
        executor.submit(JitWarmup::run);
    }
}
