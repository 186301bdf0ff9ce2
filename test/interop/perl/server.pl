#!/usr/bin/perl
# MR::IProto::Server for the interop tests: prints "PORT <n>" once listening on 127.0.0.1 (OS-chosen
# port), then serves until stdin closes. Handlers by message code:
#   1 echo; 2 the u32s reversed; 3 length-prefixed echo (u32 length, then the body).
# With IPROTO_DEBUG=<level>, MR::IProto's debug lines go to stderr.
use strict;
use warnings;
use AnyEvent;
use AnyEvent::Socket;
use MR::IProto::Server;

package Interop::Server;
use Mouse;
extends 'MR::IProto::Server';
use AnyEvent::Socket;
use Scalar::Util qw(weaken);

# As MR::IProto::Server's, plus a prepare callback that reports the port the OS chose.
sub _build__guard {
    my ($self) = @_;
    weaken($self);
    return tcp_server $self->host, $self->port, sub {
        my ($fh, $host, $port) = @_;
        my $connection = MR::IProto::Server::Connection->new(
            fh       => $fh,
            host     => $host,
            port     => $port,
            handler  => $self->handler,
            on_close => sub {
                my ($c) = @_;
                delete $self->_connections->{ sprintf "%s:%d", $c->host, $c->port };
                return;
            },
            debug    => $self->debug,
            debug_cb => $self->debug_cb,
        );
        $self->_connections->{"$host:$port"} = $connection;
        return;
    }, sub {
        my (undef, undef, $port) = @_;
        local $| = 1;
        print "PORT $port\n";
        return;
    };
}

package main;

my $level = $ENV{IPROTO_DEBUG} || 0;
my %handlers = (
    1 => sub { $_[0] },
    2 => sub { pack 'L*', reverse unpack 'L*', $_[0] },
    3 => sub { pack('L', length $_[0]) . $_[0] },
);
my $server = Interop::Server->new(
    host     => '127.0.0.1',
    port     => 0,
    debug    => $level,
    debug_cb => sub { return unless $level; my ($line) = @_; print STDERR "$line\n" },
    handler  => sub {
        my ($connection, $msg, $data) = @_;
        my $handler = $handlers{$msg} or die "no handler for $msg\n";
        return $handler->($data);
    },
);
$server->run;
my $stdin = AnyEvent->io(fh => \*STDIN, poll => 'r', cb => sub { exit 0 unless sysread STDIN, my $buf, 1 });
AnyEvent->condvar->recv;
