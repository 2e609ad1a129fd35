package jp.sekisho.system;

/**
 * The same sweeps on the gateway of the embedded-database default, which the tests start without a metrics token:
 * there metrics do not exist for anyone.
 */
class ExposureOnH2IT extends ExposureIT {
}
