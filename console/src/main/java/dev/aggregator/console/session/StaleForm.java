package dev.aggregator.console.session;

/**
 * A once-only form ({@link OnceOnlyForms}) the console will not act on: nothing was sent to the
 * API. Reloading the page gives a fresh form.
 */
public class StaleForm extends RuntimeException {

    private StaleForm(String message) {
        super(message);
    }

    static StaleForm unknown() {
        return new StaleForm("This form is out of date (it was opened before you last signed in, or long ago)."
                + " Nothing was sent: reload the page and send it again.");
    }

    static StaleForm sentWithOtherValues() {
        return new StaleForm(
                "This form was already sent with other values, which stand." + " Reload the page to send a new one.");
    }
}
