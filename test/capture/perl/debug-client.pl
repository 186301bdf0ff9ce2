#!/usr/bin/perl
# MR::IProto with its debug dumps on (debug => 6: frames sent and received) against 127.0.0.1:$ARGV[0];
# $ARGV[1] = 1 turns dump_no_ints on. The dump goes to standard error, as MR::IProto writes it.
use strict;
use warnings;
use MR::IProto;

my ($port, $no_ints) = @ARGV;
my $client = MR::IProto->new(servers => "127.0.0.1:$port", timeout => 5, debug => 6, dump_no_ints => $no_ints ? 1 : 0);
my $raw = sub { $_[0] };
# Sync sends must be called in scalar context.
my @replies;
push @replies, scalar $client->send({ msg => 17, data => [1, 2, 0xffffffff], pack => 'L*', unpack => $raw });
push @replies, scalar $client->send({ msg => 18, data => 'hello, wire', unpack => $raw });
push @replies, scalar $client->send({ msg => 19, data => '', unpack => $raw });
push @replies, scalar $client->send({ msg => 20, data => 'x' x 3000, unpack => $raw });
print "DONE\n";
