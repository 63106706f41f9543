package org.sensorsandmore.core;

/** A store name that the network does not hold. */
public final class UnknownStoreException extends SensorsException {
    private static final long serialVersionUID = 1L;

    private final String storeName;

    /**
     * @param storeName the name asked for
     * @param known the names the network holds, for the message
     */
    public UnknownStoreException(String storeName, Iterable<String> known) {
        super("Unknown store '" + storeName + "'; known stores: " + String.join(", ", known));
        this.storeName = storeName;
    }

    /** @return the name that was asked for */
    public String storeName() {
        return storeName;
    }
}
