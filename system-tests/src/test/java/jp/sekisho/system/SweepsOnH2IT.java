package jp.sekisho.system;

/** The same on the embedded default, where the defender's sweep once failed every minute. */
class SweepsOnH2IT extends SweepsIT {
}
