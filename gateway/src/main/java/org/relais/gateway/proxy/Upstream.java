package org.relais.gateway.proxy;

/** The services behind the gateway. */
public enum Upstream {
    CAPACITY("capacity-service"),
    REFERRAL("referral-service"),
    PATROL("patrol-service");

    private final String serviceName;

    Upstream(String serviceName) {
        this.serviceName = serviceName;
    }

    public String serviceName() {
        return serviceName;
    }
}
