package org.parley.client.shell;

import org.parley.client.api.ServerErrorException;
import org.parley.client.session.ChatSession;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Limits;
import org.parley.protocol.Response.LoginPrompt.Prompt;
import org.parley.protocol.Validation;

/**
 * The login dialogue of SPEC 2.2: {@code Username: }, then {@code Password: } or the new-user prompt,
 * repeated on a wrong password or an unusable name, ending the client on a blocked account. Credentials
 * given on the command line skip their prompt, and a refusal of them ends the client: asking again would
 * only repeat the same answer. Input that ends before the login succeeded ends the client with
 * {@link ExitCodes#NOT_LOGGED_IN}. In a script (a console that is not {@linkplain Console#interactive()
 * interactive}) a refusal after the password that would go back to the Username prompt ends the client
 * the same way, because the script's next line was meant for the Password prompt and would otherwise be
 * taken as a user name (and could register a new account); a wrong password still asks for the password
 * again, as SPEC 2.2 requires. The welcome line is printed by {@link EventPrinter}, in order with the
 * events that follow the login.
 */
final class LoginFlow {

    static final String USERNAME_PROMPT = "Username: ";
    static final String PASSWORD_PROMPT = "Password: ";
    static final String NEW_PASSWORD_PROMPT = "This is a new user. Enter a password: ";
    static final String BAD_PASSWORD = "Error. A password is one word of printable characters, at most "
            + Limits.MAX_PASSWORD_CHARS;
    private static final String INVALID_USER = "Error. Invalid user";
    static final String INPUT_ENDED = "Error. Input ended before the login succeeded";
    static final String SCRIPT_STOPPED = "Error. The login was refused after the password; a script is not asked"
            + " for the user name again";

    private final ChatSession client;
    private final Console console;
    private final ShellSettings settings;
    private final ShellOutput output;
    private final Awaiter awaiter;

    LoginFlow(ChatSession client, Console console, ShellSettings settings, ShellOutput output, Awaiter awaiter) {
        this.client = client;
        this.console = console;
        this.settings = settings;
        this.output = output;
        this.awaiter = awaiter;
    }

    /** True once logged in; false when the shell is over (its exit code is then decided). */
    boolean run() {
        while (!output.isFinished()) {
            String user = settings.user().orElseGet(() -> console.readLine(USERNAME_PROMPT));
            if (user == null) {
                output.fail(ExitCodes.NOT_LOGGED_IN, INPUT_ENDED);
                return false;
            }
            user = user.strip();
            if (!Validation.isValidUsername(user)) {
                refused(INVALID_USER, settings.user().isPresent());
                continue;
            }
            Awaiter.Outcome<Prompt> prompt = awaiter.attempt(client.loginUser(user));
            if (prompt.refusal() != null) {
                ServerErrorException refusal = prompt.refusal();
                refused(refusal.getMessage(), ends(refusal.code()) || settings.user().isPresent());
            } else if (prompt.value() != null && password(prompt.value())) {
                return true;
            }
        }
        return false;
    }

    /** True when logged in; false to ask for the username again or when the shell is over. */
    private boolean password(Prompt prompt) {
        String promptText = prompt == Prompt.NEW_PASSWORD ? NEW_PASSWORD_PROMPT : PASSWORD_PROMPT;
        while (!output.isFinished()) {
            String password = settings.password().orElseGet(() -> console.readPassword(promptText));
            if (password == null) {
                output.fail(ExitCodes.NOT_LOGGED_IN, INPUT_ENDED);
                return false;
            }
            if (!Validation.isValidPassword(password)) {
                refused(BAD_PASSWORD, settings.password().isPresent());
                continue;
            }
            Awaiter.Outcome<String> loggedIn = awaiter.attempt(
                    client.loginPassword(password, settings.udpPort(), settings.privatePort()));
            if (loggedIn.value() != null) {
                return true;
            }
            ServerErrorException refusal = loggedIn.refusal();
            if (refusal == null) {
                return false;
            }
            refused(refusal.getMessage(), ends(refusal.code()) || settings.password().isPresent());
            if (refusal.code() != ErrorCode.INVALID_PASSWORD) {
                // anything but a wrong password leaves the server waiting for a username again
                if (!console.interactive()) {
                    output.fail(ExitCodes.NOT_LOGGED_IN, SCRIPT_STOPPED);
                }
                return false;
            }
        }
        return false;
    }

    private void refused(String message, boolean ending) {
        if (ending) {
            output.finish(ExitCodes.FAILURE, message);
        } else {
            output.refusal(message);
        }
    }

    private static boolean ends(ErrorCode code) {
        return code == ErrorCode.ACCOUNT_BLOCKED || code == ErrorCode.ACCOUNT_BLOCKED_NOW;
    }
}
