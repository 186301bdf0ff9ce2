# MR::Tarantool::Box's own tuple format code behind a line protocol, for test/box/perl-parity.test.ts.
#   F h<format>                  -> OK | ERR            _make_unpack_format accepts the format or not
#   P h<format> <value>...       -> OK h<field>...      each field packed by the space's field formats, the
#                                                        tail counted from the fixed part (Box's unpack layout)
#   I h<format> <value>...       -> OK h<field>...      the fields of the payload Box's own Insert sends
#   U h<format> h<field>...      -> OK <value>...       Box's unpack_format over the tuple's wire bytes,
#                                                        `$` fields flagged utf8 as _PostSelect does
# h<…> is hex bytes (the format as UTF-8). Values in: d:<little-endian double hex> (a number),
# i:<decimal> (a bigint), t:<UTF-8 hex> (a text string), b:<hex> (bytes). Values out: i:<decimal>
# for numbers, t:<UTF-8 hex> for `$`, b:<hex> for `&`. Box.pm's unpack croaks on a long tuple whose
# tail is empty (`(xL)*` finds no byte for its `x`): that is answered ERR like any croak.
use strict;
use warnings;
no warnings 'redefine';
use Encode ();
use MR::Tarantool::Box;
$SIG{__WARN__} = sub { };
$| = 1;

sub unhex { pack('H*', substr($_[0], 1)) }

# Text comes as a character string, or (for Insert, $octets) as its UTF-8 bytes: Insert's
# `_utf8_off($_)` turns off the flag of the loop index, not of the field, so a character string reaches
# pack as characters; a Perl program that works with encoded bytes sends them as they are.
sub decode_value {
    my ($token, $octets) = @_;
    my ($tag, $body) = split /:/, $token, 2;
    return unpack('d<', pack('H*', $body)) if $tag eq 'd';
    return "$body" if $tag eq 'i';
    return pack('H*', $body) if $tag eq 'b';
    die "bad value $token\n" unless $tag eq 't';
    my $text = pack('H*', $body);
    utf8::decode($text) or die "not UTF-8: $token\n" unless $octets;
    return $text;
}

sub space {
    my $ns = { format => Encode::decode('UTF-8', $_[0]) };
    MR::Tarantool::Box::_make_unpack_format($ns, 'space[0]');
    return $ns;
}

# The letter (or a*) of field $i: the tail repeats from the end of the fixed fields.
sub field_format {
    my ($ns, $i) = @_;
    my ($fmt, $long) = ($ns->{field_format}, $ns->{long_field_format} || []);
    return $i < @$fmt ? $fmt->[$i] : $long->[($i - @$fmt) % @$long];
}

sub letters {
    my ($ns) = @_;
    my @fixed = split //, $ns->{format};
    my @long = split //, ($ns->{long_format} // '');
    return (\@fixed, \@long);
}

sub insert_payload {
    my ($ns, @values) = @_;
    @$ns{qw/namespace space primary_key_index check_keys/} = (0, 0, 0, {});
    $ns->{index_names} = { 0 => { id => 0, keys => [0] } };
    my $box = bless { name => 'peer', debug => 0, namespaces => { 0 => $ns }, default_namespace => 0 }, 'MR::Tarantool::Box';
    my $payload;
    local *MR::Tarantool::Box::_chat = sub { my ($self, %arg) = @_; $payload = $arg{payload}; 1 };
    $box->Insert(@values);
    my $count = unpack('x8 L', $payload);
    return $count ? unpack("x12 (w/a*)$count", $payload) : ();
}

sub answer {
    my ($op, $format, @rest) = @_;
    my $ns = space(unhex($format));
    return () if $op eq 'F';
    if ($op eq 'P' or $op eq 'I') {
        my @values = map { decode_value($_, $op eq 'I') } @rest;
        return insert_payload($ns, @values) if $op eq 'I';
        return map {
            my $v = $values[$_];
            Encode::_utf8_off($v) if Encode::is_utf8($v, 0);    # as Box does to keys, and means to in Insert
            pack(field_format($ns, $_), $v);
        } 0 .. $#values;
    }
    if ($op eq 'U') {
        my @values = unpack($ns->{unpack_format}, pack('(w/a*)*', map { unhex($_) } @rest));
        die "can't unpack tuple\n" unless @values;    # as _unpack_select
        my ($fixed, $long) = letters($ns);
        return map {
            my $letter = $_ < @$fixed ? $fixed->[$_] : $long->[($_ - @$fixed) % @$long];
            my $v = $values[$_];
            $letter eq '$' ? do { Encode::_utf8_on($v); utf8::encode($v); "t:" . unpack('H*', $v) }
              : $letter eq '&' ? 'b:' . unpack('H*', $v)
              : "i:$v";
        } 0 .. $#values;
    }
    die "unknown request $op\n";
}

while (my $line = <STDIN>) {
    chomp $line;
    my ($op, @args) = split / /, $line;
    my @out = eval { answer($op, @args) };
    if ($@) {
        (my $error = $@) =~ s/\s+/ /g;
        print "ERR $error\n";
    } else {
        print join(' ', 'OK', map { $op eq 'U' ? $_ : 'h' . unpack('H*', $_) } @out), "\n";
    }
}
