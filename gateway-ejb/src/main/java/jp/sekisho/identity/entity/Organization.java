package jp.sekisho.identity.entity;

import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** A legal body or department; {@code contractedBy} links a contractor to its client. */
@Entity
@Table(name = "organization")
@SequenceGenerator(name = "sekisho_seq", sequenceName = "sekisho_seq", allocationSize = 50)
public class Organization {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "sekisho_seq")
    private Long id;

    @Column(nullable = false, unique = true)
    private String code;

    @Column(nullable = false)
    private String name;

    @ManyToOne
    @JoinColumn(name = "contracted_by_id")
    private Organization contractedBy;

    protected Organization() {
    }

    public Organization(String code, String name, Organization contractedBy) {
        this.code = code;
        this.name = name;
        this.contractedBy = contractedBy;
    }

    public Long id() {
        return id;
    }

    public String code() {
        return code;
    }

    public String name() {
        return name;
    }

    /** This organization first, then whoever contracted it, up to the data owner's side. */
    public List<Organization> contractorChain() {
        List<Organization> chain = new ArrayList<>();
        for (Organization link = this; link != null && !chain.contains(link); link = link.contractedBy) {
            chain.add(link);
        }
        return chain;
    }
}
