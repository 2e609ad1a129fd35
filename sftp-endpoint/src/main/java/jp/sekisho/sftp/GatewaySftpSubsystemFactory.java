package jp.sekisho.sftp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.apache.sshd.common.util.GenericUtils;
import org.apache.sshd.common.util.io.IoUtils;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.server.SftpSubsystem;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

import jp.sekisho.transfer.entity.ForbiddenOperation;

/**
 * Clients send attributes with mkdir and open (OpenSSH sends the local mode). The gateway decides attributes itself,
 * so those are ignored; an explicit setstat is still refused and audited, and one that sets a size is a truncation,
 * which the core refuses as such.
 */
final class GatewaySftpSubsystemFactory extends SftpSubsystemFactory {

    @Override
    public Command createSubsystem(ChannelSession channel) throws IOException {
        SftpSubsystem subsystem = new SftpSubsystem(channel, this) {
            @Override
            protected void doSetAttributes(int cmd, String extension, Path file, Map<String, ?> attributes,
                    boolean followLinks) throws IOException {
                if (cmd == SftpConstants.SSH_FXP_MKDIR || cmd == SftpConstants.SSH_FXP_OPEN) {
                    return;
                }
                if (attributes.containsKey(IoUtils.SIZE_VIEW_ATTR) && file instanceof GatewayPath path) {
                    throw GatewayFileSystemProvider.forbidden(path, ForbiddenOperation.TRUNCATE, "to "
                            + attributes.get(IoUtils.SIZE_VIEW_ATTR) + " bytes");
                }
                super.doSetAttributes(cmd, extension, file, attributes, followLinks);
            }
        };
        GenericUtils.forEach(getRegisteredListeners(), subsystem::addSftpEventListener);
        return subsystem;
    }
}
