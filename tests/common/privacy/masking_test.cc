#include "common/privacy/masking.h"

#include <string>

#include "gtest/gtest.h"

namespace ccrm {
namespace {

TEST(MaskIdNumberTest, ResidentIdKeepsRegionAndLastFour) {
  EXPECT_EQ(MaskIdNumber("110105194912311234"), "110***********1234");
  EXPECT_EQ(MaskIdNumber("11010519491231002X"), "110***********002X");
}

TEST(MaskIdNumberTest, OtherLengthsKeepAtMostLastFourAndAThird) {
  EXPECT_EQ(MaskIdNumber("110105491231002"), "***********1002");  // old 15-digit ID
  EXPECT_EQ(MaskIdNumber("G12345678"), "******678");              // passport: 9 / 3 = 3
  EXPECT_EQ(MaskIdNumber("123456"), "****56");
  EXPECT_EQ(MaskIdNumber("12"), "**");
  EXPECT_EQ(MaskIdNumber("1"), "*");
  EXPECT_EQ(MaskIdNumber(""), "");
}

TEST(MaskPhoneTest, MainlandMobile) {
  EXPECT_EQ(MaskPhone("13812345678"), "138****5678");
  EXPECT_EQ(MaskPhone("19900001111"), "199****1111");
}

TEST(MaskPhoneTest, OtherNumbers) {
  EXPECT_EQ(MaskPhone("010-12345678"), "********5678");  // landline
  EXPECT_EQ(MaskPhone("+8613812345678"), "**********5678");
  EXPECT_EQ(MaskPhone("23812345678"), "********678");  // 11 digits but not a mobile: 11 / 3
  EXPECT_EQ(MaskPhone("12345"), "****5");
  EXPECT_EQ(MaskPhone("110"), "**0");
  EXPECT_EQ(MaskPhone(""), "");
}

TEST(MaskAccountNumberTest, KeepsLastFourOnly) {
  EXPECT_EQ(MaskAccountNumber("6222020012341234"), "************1234");
  EXPECT_EQ(MaskAccountNumber("6222 0200 1234 1234"), "***************1234");
  EXPECT_EQ(MaskAccountNumber("123456789012"), "********9012");
  EXPECT_EQ(MaskAccountNumber("1234567"), "*****67");  // 7 / 3 = 2
  EXPECT_EQ(MaskAccountNumber("1234"), "***4");
  EXPECT_EQ(MaskAccountNumber(""), "");
}

TEST(MaskEmailTest, KeepsFirstCharacterAndDomain) {
  EXPECT_EQ(MaskEmail("zhang.san@example.com"), "z***@example.com");
  EXPECT_EQ(MaskEmail("zsa@bank.cn"), "z***@bank.cn");
  EXPECT_EQ(MaskEmail("\"a@b\"@example.com"), "\"***@example.com");  // last '@' splits
}

TEST(MaskEmailTest, ShortLocalPartShowsNoCharacter) {
  EXPECT_EQ(MaskEmail("zs@example.com"), "***@example.com");
  EXPECT_EQ(MaskEmail("z@example.com"), "***@example.com");
}

TEST(MaskEmailTest, WithoutUsableAtIsMaskedGenerically) {
  EXPECT_EQ(MaskEmail("not-an-email"), "********mail");
  EXPECT_EQ(MaskEmail("@example.com"), "********.com");
  EXPECT_EQ(MaskEmail("someone@"), "******e@");
  EXPECT_EQ(MaskEmail(""), "");
}

TEST(MaskingUtf8Test, CountsCodePointsNotBytes) {
  // 张三丰 is three code points of three bytes each.
  EXPECT_EQ(MaskIdNumber("张三丰"), "**丰");
  EXPECT_EQ(MaskAccountNumber("账户一二三四五六七八九十"), "********七八九十");  // 12 / 3 = 4
  EXPECT_EQ(MaskEmail("张三丰@例子.中国"), "张***@例子.中国");
  EXPECT_EQ(MaskEmail("张三@例子.中国"), "***@例子.中国");
  // 18 code points, some of them multi-byte: still the resident-ID shape.
  EXPECT_EQ(MaskIdNumber("一二三456789012345六七八"), "一二三***********5六七八");
  // Four-byte code points (emoji) are one each.
  EXPECT_EQ(MaskPhone("\xF0\x9F\x98\x80\xF0\x9F\x98\x81\xF0\x9F\x98\x82"), "**\xF0\x9F\x98\x82");
}

TEST(MaskingUtf8Test, MalformedBytesAreMaskedOneByOne) {
  // A lone continuation byte and a truncated 3-byte sequence count one code point per byte.
  EXPECT_EQ(MaskAccountNumber("\x80\xE5\xBC"
                              "123"),
            "****23");
  // Output never contains a partial multi-byte sequence taken from the hidden part.
  EXPECT_EQ(MaskAccountNumber("\xE5\xBC\xA0\xE5\xBC\xA0\xE5\xBC\xA0"), "**\xE5\xBC\xA0");
}

}  // namespace
}  // namespace ccrm
