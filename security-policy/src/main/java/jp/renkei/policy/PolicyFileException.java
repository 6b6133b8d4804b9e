package jp.renkei.policy;

/** The policy file is invalid; the message names the file, the line and what is wrong with it. */
public final class PolicyFileException extends RuntimeException {

    private final int line;

    PolicyFileException(String source, int line, String message) {
        super(source + ":" + line + ": " + message);
        this.line = line;
    }

    /** The 1-based line of the file at fault. */
    public int line() {
        return line;
    }
}
