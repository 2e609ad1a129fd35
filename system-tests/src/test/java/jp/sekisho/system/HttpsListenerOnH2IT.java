package jp.sekisho.system;

/** The same checks on the gateway of the embedded-database default, whose certificate comes from its local CA. */
class HttpsListenerOnH2IT extends HttpsListenerIT {
}
