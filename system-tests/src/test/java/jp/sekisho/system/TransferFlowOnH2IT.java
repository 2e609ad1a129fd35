package jp.sekisho.system;

/** The same end-to-end flow on the zero-setup default: the embedded H2 database in the data directory. */
class TransferFlowOnH2IT extends TransferFlowIT {
}
