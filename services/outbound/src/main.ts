import type { CustomerChannelName } from '@ctp/contracts';
import { runService, unsubscribeSecret } from '@ctp/service-kit';
import { backoffPolicy, dispatchTimers, timerArea } from '@ctp/timers';
import { serviceDefinition } from './definition.js';
import { emailChannel, smsChannel, type CustomerChannel } from './messages/customer-channel.js';
import type { MessageDeps } from './messages/message-deps.js';
import { messageReactorCategories, reactToMessageCauses } from './messages/message-reaction.js';
import { messageRoutes } from './messages/message-routes.js';
import { messageTimers } from './messages/message-timers.js';
import { ensureMessageTemplates } from './messages/template-stream.js';
import { httpChatPoster } from './notifications/chat-webhook.js';
import { smtpMailer } from './notifications/mailer.js';
import type { NotificationDeps } from './notifications/notification-deps.js';
import { deriveNotification } from './notifications/derive-notification.js';
import { notificationReactorCategories, reactToNotifiableEvents } from './notifications/notification-reaction.js';
import { NotificationStore } from './notifications/notification-store.js';
import { notificationTimers } from './notifications/notification-timers.js';
import { recipientRoutes } from './notifications/recipient-routes.js';
import type { OutboundDeps } from './outbound-deps.js';
import { DeliveryQueue } from './webhooks/delivery-queue.js';
import { deliveryTimers } from './webhooks/delivery-timers.js';
import { restartLanes } from './webhooks/restart-lanes.js';
import { reactToSubscriptionEvents, subscriptionReactorCategories } from './webhooks/subscription-reaction.js';
import { queueDeliveries, webhookReactorCategories } from './webhooks/webhook-reaction.js';
import { webhookRoutes } from './webhooks/webhook-routes.js';

await runService(serviceDefinition, {
  async setup({ config, clock, wire }) {
    const stores = await wire.protectedStores();
    const timers = await wire.timerStore('outbound_timers');
    const tablesUrl = config.TIMER_STORE_URL ?? config.KEYRING_URL ?? config.EVENT_STORE_URL;
    const deliveries = await DeliveryQueue.open(tablesUrl, config.EVENT_STORE_SCHEMA);
    wire.closeOnStop(() => deliveries.close());
    const notifications = await NotificationStore.open(tablesUrl, config.EVENT_STORE_SCHEMA);
    wire.closeOnStop(() => notifications.close());
    const mailer = smtpMailer(config.SMTP_URL, config.MAIL_FROM);
    wire.closeOnStop(async () => mailer.close());
    const deps: OutboundDeps = {
      store: stores.store, history: stores.reader, timers, deliveries, clock, timeoutMs: config.WEBHOOK_TIMEOUT_MS,
      retry: { maxAttempts: config.WEBHOOK_MAX_ATTEMPTS, backoff: backoffPolicy({ initialMs: config.WEBHOOK_BACKOFF_INITIAL_MS, maxMs: Math.max(config.WEBHOOK_BACKOFF_INITIAL_MS, config.WEBHOOK_BACKOFF_MAX_MS), factor: 2, jitter: 0.2 }) },
    };
    wire.reactor({ name: 'outbound-webhooks', categories: webhookReactorCategories, handle: (events) => queueDeliveries(deps, events, (event) => deriveNotification(stores.reader, event)) });
    wire.reactor({ name: 'outbound-subscriptions', categories: subscriptionReactorCategories, handle: (events) => reactToSubscriptionEvents(deps, events) });
    const notificationDeps: NotificationDeps = { history: stores.reader, timers, notifications, mailer, chat: httpChatPoster(config.WEBHOOK_TIMEOUT_MS), clock };
    wire.reactor({ name: 'outbound-notifications', categories: notificationReactorCategories, handle: (events) => reactToNotifiableEvents(notificationDeps, events) });
    const channels = new Map<CustomerChannelName, CustomerChannel>([['email', emailChannel(config.SMTP_URL, config.MAIL_FROM)]]);
    if (config.SMS_GATEWAY_URL) channels.set('sms', smsChannel(config.SMS_GATEWAY_URL, config.SMS_TIMEOUT_MS));
    wire.closeOnStop(async () => channels.forEach((channel) => channel.close()));
    const linkSecret = await unsubscribeSecret(config);
    const messageDeps: MessageDeps = {
      store: stores.store, timers, channels, clock, defaultLocale: config.MESSAGE_DEFAULT_LOCALE, surveyLinkBase: config.SURVEY_LINK_BASE,
      quiet: { hours: config.MESSAGE_QUIET_HOURS, timeZone: config.MESSAGE_TIME_ZONE },
      frequencyCaps: { marketing: config.MESSAGE_FREQUENCY_CAP, survey: config.MESSAGE_SURVEY_FREQUENCY_CAP },
      unsubscribe: { secret: linkSecret, baseUrl: (config.UNSUBSCRIBE_BASE_URL ?? config.INTAKE_URL).replace(/\/+$/, ''), ttlDays: config.UNSUBSCRIBE_LINK_DAYS },
      retry: { maxAttempts: config.MESSAGE_MAX_ATTEMPTS, backoff: backoffPolicy({ initialMs: config.MESSAGE_BACKOFF_INITIAL_MS, maxMs: Math.max(config.MESSAGE_BACKOFF_INITIAL_MS, config.MESSAGE_BACKOFF_MAX_MS), factor: 2, jitter: 0.2 }) },
    };
    wire.reactor({ name: 'outbound-messages', categories: messageReactorCategories, handle: (events) => reactToMessageCauses(messageDeps, events) });
    const handle = dispatchTimers('outbound', [timerArea(deliveryTimers, deps), timerArea(notificationTimers, notificationDeps), timerArea(messageTimers, messageDeps)]);
    for (let worker = 0; worker < 2; worker += 1) wire.timerWorker(timers, handle);
    return {
      background: [{ name: 'webhook lanes', start: () => restartLanes(deps), stop: async () => undefined }, { name: 'message templates', start: () => ensureMessageTemplates(messageDeps), stop: async () => undefined }],
      routes: async (app) => {
        await app.register(webhookRoutes(deps));
        await app.register(recipientRoutes(notificationDeps));
        await app.register(messageRoutes(messageDeps));
      },
    };
  },
});
