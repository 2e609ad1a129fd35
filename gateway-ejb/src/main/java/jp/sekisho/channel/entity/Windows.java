package jp.sekisho.channel.entity;

import java.time.Duration;

import jp.sekisho.shared.InvalidValue;

/** How long a batch may wait at each stage, and how often each file may be downloaded. */
public record Windows(Duration submit, Duration approval, Duration download, int maxDownloads) {

    public Windows {
        for (Duration window : new Duration[] {submit, approval, download}) {
            if (window == null || window.isNegative() || window.isZero()) {
                throw new InvalidValue("Every window must be a positive duration");
            }
        }
        if (maxDownloads < 1) {
            throw new InvalidValue("A file must be downloadable at least once");
        }
    }
}
