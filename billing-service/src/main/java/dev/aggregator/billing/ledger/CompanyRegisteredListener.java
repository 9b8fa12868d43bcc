package dev.aggregator.billing.ledger;

import dev.aggregator.common.events.CompanyRegistered;
import dev.aggregator.common.outbox.ProcessedEvents;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Opens the new company's account and remembers who referred it. Accounts are also opened on
 * first use, so a registration arriving after the company's first credit or request only fills
 * in its name and referral data.
 */
@Component
class CompanyRegisteredListener {

    static final String CONSUMER = "billing.company";

    private final ProcessedEvents processedEvents;
    private final Ledger ledger;

    CompanyRegisteredListener(ProcessedEvents processedEvents, Ledger ledger) {
        this.processedEvents = processedEvents;
        this.ledger = ledger;
    }

    @RabbitListener(queues = "#{eventQueues.durableName('billing.company')}")
    @Transactional
    public void on(CompanyRegistered event) {
        if (!processedEvents.markProcessed(event.eventId(), CONSUMER)) return;
        ledger.register(event.companyId(), event.name(), event.referralCode(), event.referredByCompanyId());
    }
}
