package jp.sekisho.channel.entity;

/**
 * Fired, within its transaction, before an approval moves a channel to a new destination. Whoever still has business
 * with the current destination on that channel refuses by throwing, and the approval is not recorded: no batch may
 * ever reach an account it was not approved for.
 */
public record DestinationChanging(ChannelName channel) {
}
