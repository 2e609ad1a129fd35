package jp.sekisho.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The JSON API for automation: the same rules as the console, because both call the same boundaries. */
@ApplicationPath("/api")
public class ApiApplication extends Application {
}
