# MR::Tarantool::Box against a real Tarantool 1.5, driven line by line for test/box/real-perl.test.ts.
# Spaces as test/box/real/spaces.cfg declares them: 0 'L$L' (indexes id, name), 1 '&&' (index key),
# 2 'Q&L' (indexes (user, tag), rank, (rank, tag)).
# Requests (one a line; values: a decimal number, or h<hex> for bytes; key parts joined by ','):
#   connect HOST:PORT                                 first: a Box client for that server
#   insert SPACE set|add|replace WANT VALUE...       Box's Insert/Add/Replace, want_inserted_tuple => WANT
#   select SPACE INDEX OFFSET LIMIT KEY...            Select([KEY...], { use_index, offset, limit })
#   update SPACE WANT KEY FIELD:OP:ARG...             UpdateMulti; OP set|add|and|xor|or|append|prepend|
#                                                     cutbeg|cutend, or splice with ARG OFFSET/LENGTH/VALUE
#   delete SPACE WANT KEY                             Delete(KEY, { want_deleted_tuple => WANT })
#   call PROC ARG...                                  Call(PROC, [ARG...], { unpack_format => '&*' })
# Answers: "OK n:COUNT", or "OK" and the tuples, each "VALUE,VALUE,..." (numbers in decimal, strings as
# h<hex> of their bytes; every field of a CALL's tuples), "OK" alone when Box gives no tuple (an UPDATE
# or DELETE that found none), or "ERR RETURNCODE-HEX MESSAGE" with Box's Error and the server's text.
use strict;
use warnings;
use Encode ();
use MR::Tarantool::Box;
$SIG{__WARN__} = sub { };
$| = 1;

# The client for the server of the first request (`connect`), with the spaces of spaces.cfg.
my $box;

sub connect_box {
    $box = MR::Tarantool::Box->new({
        servers => $_[0],
        timeout => 30,
        raise => 0,
        default_space => 0,
        spaces => [
            { space => 0, format => 'L$L', indexes => [ { index_name => 'id', keys => [0] }, { index_name => 'name', keys => [1] } ], default_index => 'id' },
            { space => 1, format => '&&', indexes => [ { index_name => 'key', keys => [0] } ] },
            { space => 2, format => 'Q&L', indexes => [ { index_name => 'primary', keys => [0, 1] }, { index_name => 'rank', keys => [2] }, { index_name => 'rank_tag', keys => [2, 1] } ], default_index => 'primary' },
        ],
    });
    return 'OK';
}

my %letters = (0 => [qw(L $ L)], 1 => [qw(& &)], 2 => [qw(Q & L)], call => []);

sub value { my ($t) = @_; return $t =~ /^h(.*)$/ ? pack('H*', $1) : $t }
sub key { my ($t) = @_; return [ map { value($_) } split /,/, $t ] }

sub token {
    my ($letter, $v) = @_;
    return $v if $letter !~ /[&\$]/;
    Encode::_utf8_off($v);    # `$` fields come back flagged as UTF-8: their bytes are what the server sent
    return 'h' . unpack('H*', $v);
}

sub tuples {
    my ($space, @tuples) = @_;
    my @letters = @{ $letters{$space} || [] };
    return join ' ', 'OK', map { my $t = $_; join ',', map { token($letters[$_] // '&', $t->[$_]) } 0 .. $#$t } @tuples;
}

sub answer {
    my ($op, @a) = @_;
    return connect_box(@a) if $op eq 'connect';
    if ($op eq 'insert') {
        my ($space, $action, $want, @values) = @a;
        my $r = $box->Insert(map({ value($_) } @values), { space => $space, action => $action, want_inserted_tuple => $want });
        return undef unless $r;
        return $want ? tuples($space, grep { defined } $r) : 'OK n:' . (0 + $r);
    }
    if ($op eq 'select') {
        my ($space, $index, $offset, $limit, @keys) = @a;
        my $r = $box->Select([ map { key($_) } @keys ], { space => $space, use_index => $index, offset => $offset, limit => $limit, want => 'arrayref' });
        return $r ? tuples($space, @$r) : undef;
    }
    if ($op eq 'update') {
        my ($space, $want, $key, @ops) = @a;
        my @op = map {
            my ($field, $name, $arg) = split /:/, $_, 3;
            $name eq 'splice' ? [ $field, splice => [ map { value($_) } split m{/}, $arg ] ] : [ $field, $name, value($arg) ];
        } @ops;
        my $r = $box->UpdateMulti(@{ key($key) }, @op, { space => $space, want_updated_tuple => $want });
        return undef unless $r;
        return $want ? tuples($space, grep { defined } $r) : 'OK n:' . (0 + $r);
    }
    if ($op eq 'delete') {
        my ($space, $want, $key) = @a;
        my $r = $box->Delete(@{ key($key) }, { space => $space, want_deleted_tuple => $want });
        return undef unless $r;
        return $want ? tuples($space, grep { defined } $r) : 'OK n:' . (0 + $r);
    }
    if ($op eq 'call') {
        my ($proc, @args) = @a;
        my $r = $box->Call($proc, [ map { value($_) } @args ], { unpack_format => '&*' });
        return $r ? tuples('call', @$r) : undef;
    }
    die "unknown request $op\n";
}

while (my $line = <STDIN>) {
    chomp $line;
    my $out = eval { answer(split / /, $line) };
    if ($@) {
        (my $error = $@) =~ s/\s+/ /g;
        print "DIED $error\n";
    } elsif (!defined $out && $box->Error == 0) {
        print "OK\n";
    } elsif (!defined $out) {
        (my $text = $box->ErrorStr) =~ s/^Error [0-9A-F]+: //;
        $text =~ s/\0$//;    # Box keeps the reply's NUL terminator in ErrorStr
        printf "ERR %08X %s\n", $box->Error, $text;
    } else {
        print "$out\n";
    }
}
