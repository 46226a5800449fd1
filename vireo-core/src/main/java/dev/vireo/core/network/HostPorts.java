package dev.vireo.core.network;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Whether a host address and port are free: a forward must not take a port a program already listens on. */
final class HostPorts {
    private HostPorts() {}

    static void requireFree(String address, int port, String proto) {
        InetSocketAddress where;
        try {
            where = new InetSocketAddress(InetAddress.getByName(address), port);
        } catch (IOException e) {
            throw VireoException.invalid("invalid address " + address);
        }
        try (var socket = proto.equals("udp") ? new DatagramSocket(null) : new ServerSocket()) {
            if (socket instanceof ServerSocket s) {
                s.bind(where);
            } else {
                ((DatagramSocket) socket).bind(where);
            }
        } catch (BindException e) {
            String msg = String.valueOf(e.getMessage());
            if (msg.contains("assign requested address")) {
                throw VireoException.invalid(address + " is not an address of this host");
            }
            throw new VireoException(ErrorCode.ALREADY_EXISTS, address + ":" + port + "/" + proto
                    + " is already in use on the host");
        } catch (IOException e) {
            throw new VireoException(ErrorCode.ALREADY_EXISTS, "cannot use " + address + ":" + port + "/" + proto
                    + ": " + e.getMessage());
        }
    }
}
