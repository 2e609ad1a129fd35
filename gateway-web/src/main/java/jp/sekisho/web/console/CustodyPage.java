package jp.sekisho.web.console;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import jp.sekisho.auditing.boundary.Custody;
import jp.sekisho.auditing.control.CustodyReport;
import jp.sekisho.retention.boundary.DeletionCertificateView;
import jp.sekisho.shared.Refused;
import jp.sekisho.transfer.boundary.BatchView;
import jp.sekisho.transfer.entity.BatchId;

/** The custody report of one batch, laid out to be printed and filed. */
@Named
@RequestScoped
public class CustodyPage {

    @EJB
    Custody custody;

    @Inject
    Console console;

    private String id;
    private Custody.CustodyView report;
    private boolean looked;

    public Custody.CustodyView getReport() {
        if (!looked && id != null) {
            // Once per request: the page asks many times, and a refusal is audited and shown each time it is made.
            looked = true;
            try {
                report = custody.of(console.caller(), new BatchId(id));
            } catch (IllegalArgumentException notAnId) {
                report = null;
            } catch (Refused refused) {
                console.show(refused);
            }
        }
        return report;
    }

    public BatchView getBatch() {
        return getReport() == null ? null : report.batch();
    }

    public CustodyReport getCustody() {
        return getReport() == null ? null : report.custody();
    }

    public DeletionCertificateView getCertificate() {
        return getReport() == null ? null : report.certificate().orElse(null);
    }

    public String files(CustodyReport.Session session) {
        return String.join(", ", session.files());
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }
}
